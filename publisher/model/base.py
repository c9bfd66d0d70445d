"""The base of every model: schema.org names in files, snake_case in Python, extras kept."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from publisher.model.values import URL, Many, new_list


class Node(BaseModel):
    """Any structured value: keys are schema.org property names, unknown ones pass through."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        validate_default=False,
        serialize_by_alias=True,
        defer_build=True,
    )

    type: str

    def jsonld_data(self) -> dict[str, Any]:
        """The values the author set, under their schema.org names, in a stable order."""
        return self.model_dump(by_alias=True, exclude_unset=True, mode="json")

    @property
    def extras(self) -> dict[str, Any]:
        """Properties the model does not name (kept as written)."""
        return dict(self.__pydantic_extra__ or {})


class Thing(Node):
    """schema.org/Thing: the properties every type has."""

    name: str | None = None
    alternate_name: Many[str] = Field(default_factory=new_list)
    description: str | None = None
    disambiguating_description: str | None = None
    url: URL | None = None
    same_as: Many[URL] = Field(default_factory=new_list)
    additional_type: Many[str] = Field(default_factory=new_list)
