"""Word lists and sentence templates for the benchmark corpus (data only, no logic).

Everything is a tuple so that the order, and so the generated corpus, never changes by accident.
Templates use ``str.format`` slots; see ``benchmarks.corpus._Slots`` for what each slot means.
"""

from __future__ import annotations

# fmt: off

FIRST_NAMES: tuple[str, ...] = (
    "Aiko", "Amara", "Anya", "Arjun", "Beatriz", "Bilal", "Camille", "Carlos", "Chen", "Chiara",
    "Dalia", "Daniel", "Dmitri", "Elena", "Emeka", "Farah", "Felix", "Fatima", "Grace", "Hana",
    "Hideo", "Ibrahim", "Ingrid", "Isabel", "Jamal", "Javier", "Jin", "Julia", "Kenji", "Kofi",
    "Lars", "Leila", "Liam", "Lucia", "Mai", "Malik", "Marta", "Mateo", "Mei", "Miguel", "Mina",
    "Nadia", "Naomi", "Nikhil", "Noor", "Olga", "Omar", "Paulo", "Priya", "Rafael", "Rania",
    "Ravi", "Rosa", "Sakura", "Samuel", "Sara", "Sven", "Tariq", "Tomas", "Valentina", "Wei",
    "Yara", "Yusuf", "Zainab", "Zofia", "Adrian", "Alice", "Benjamin", "Clara", "David", "Emma",
    "Hugo", "Irene", "Jonas", "Katarina", "Laura", "Marcus", "Nora", "Oscar", "Petra",
)

LAST_NAMES: tuple[str, ...] = (
    "Abe", "Adeyemi", "Alvarez", "Andersen", "Bakker", "Banerjee", "Becker", "Bianchi", "Brennan",
    "Castillo", "Chowdhury", "Costa", "Dahl", "Demir", "Dubois", "Eriksson", "Fernandes", "Fischer",
    "Fujita", "Garcia", "Gupta", "Haddad", "Hansen", "Hayashi", "Hoffmann", "Ivanova", "Jensen",
    "Kaur", "Khan", "Kim", "Kowalski", "Kuznetsov", "Laine", "Larsen", "Li", "Lopez", "Mahlangu",
    "Martins", "Mendes", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Okafor",
    "Okano", "Olsen", "Osei", "Park", "Patel", "Pereira", "Petrov", "Quinn", "Rahman", "Reyes",
    "Rossi", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Sorensen", "Suzuki", "Tanaka", "Torres",
    "Tran", "Umar", "Varga", "Vasquez", "Wagner", "Wang", "Watanabe", "Weber", "Wojcik", "Yamada",
    "Yilmaz", "Zhang", "Zhou", "Zielinski", "Achterberg", "Bergstrom", "Cardenas", "Delacroix",
)

# (city, ISO 3166 country code)
CITIES: tuple[tuple[str, str], ...] = (
    ("Tokyo", "JP"), ("Osaka", "JP"), ("Kyoto", "JP"), ("Seoul", "KR"), ("Busan", "KR"),
    ("Taipei", "TW"), ("Singapore", "SG"), ("Bangkok", "TH"), ("Jakarta", "ID"), ("Manila", "PH"),
    ("Mumbai", "IN"), ("Bengaluru", "IN"), ("Delhi", "IN"), ("Karachi", "PK"), ("Dhaka", "BD"),
    ("Sydney", "AU"), ("Melbourne", "AU"), ("Auckland", "NZ"), ("Nairobi", "KE"), ("Lagos", "NG"),
    ("Accra", "GH"), ("Cape Town", "ZA"), ("Johannesburg", "ZA"), ("Cairo", "EG"),
    ("Casablanca", "MA"),
    ("Istanbul", "TR"), ("Athens", "GR"), ("Rome", "IT"), ("Milan", "IT"), ("Madrid", "ES"),
    ("Barcelona", "ES"), ("Lisbon", "PT"), ("Porto", "PT"), ("Paris", "FR"), ("Lyon", "FR"),
    ("Geneva", "CH"), ("Zurich", "CH"), ("Vienna", "AT"), ("Munich", "DE"), ("Berlin", "DE"),
    ("Hamburg", "DE"), ("Heidelberg", "DE"), ("Amsterdam", "NL"), ("Leiden", "NL"),
    ("Brussels", "BE"), ("Copenhagen", "DK"), ("Oslo", "NO"), ("Stockholm", "SE"),
    ("Uppsala", "SE"), ("Helsinki", "FI"), ("Warsaw", "PL"), ("Krakow", "PL"), ("Prague", "CZ"),
    ("Budapest", "HU"), ("Dublin", "IE"), ("Edinburgh", "GB"), ("Manchester", "GB"),
    ("London", "GB"), ("Oxford", "GB"), ("Cambridge", "GB"), ("Boston", "US"), ("Baltimore", "US"),
    ("Chicago", "US"), ("Houston", "US"), ("Seattle", "US"), ("San Diego", "US"), ("Denver", "US"),
    ("Atlanta", "US"), ("Nashville", "US"), ("Pittsburgh", "US"), ("Rochester", "US"),
    ("Toronto", "CA"), ("Montreal", "CA"), ("Vancouver", "CA"), ("Mexico City", "MX"),
    ("Bogota", "CO"), ("Lima", "PE"), ("Santiago", "CL"), ("Buenos Aires", "AR"),
    ("Sao Paulo", "BR"), ("Rio de Janeiro", "BR"),
)

NEWSPAPER_WORDS: tuple[str, ...] = (
    "Herald", "Ledger", "Tribune", "Chronicle", "Courier", "Gazette", "Observer", "Dispatch",
    "Sentinel", "Post", "Examiner", "Standard",
)
NEWS_DESKS: tuple[str, ...] = (
    "Health Desk", "Science Wire", "Medical Report", "Health News Service", "Science Review",
)

FIELDS: tuple[str, ...] = (
    "Regenerative Medicine", "Neuroscience", "Cardiovascular Research", "Cancer Research",
    "Infectious Disease", "Immunology", "Genomic Medicine", "Public Health",
    "Clinical Epidemiology",
    "Metabolic Disease", "Respiratory Medicine", "Mental Health", "Aging Research",
    "Child Health", "Rehabilitation Science", "Vision Science", "Tropical Medicine",
    "Precision Oncology", "Stem Cell Biology", "Digital Health", "Sleep Research",
    "Musculoskeletal Health", "Kidney Research", "Liver Research", "Women's Health",
)
RESEARCH_ORG_PATTERNS: tuple[str, ...] = (
    "{surname} Institute for {field}",
    "{city} Center for {field}",
    "{field} Research Foundation of {city}",
    "National Institute of {field}, {city}",
    "{surname} Laboratory for {field}",
)
UNIVERSITY_PATTERNS: tuple[str, ...] = (
    "University of {city}",
    "{city} State University",
    "{city} Medical University",
    "{city} Institute of Technology",
    "{surname} University",
    "{surname} College of Medicine",
)

REPORTER_TITLES: tuple[str, ...] = (
    "Health Reporter", "Science Correspondent", "Medical Editor", "Health Correspondent",
    "Senior Science Writer", "Data Reporter", "Health Editor", "Staff Writer",
)
RESEARCHER_TITLES: tuple[str, ...] = (
    "Professor", "Associate Professor", "Assistant Professor", "Research Scientist",
    "Principal Investigator", "Postdoctoral Fellow", "Clinical Research Fellow",
    "Senior Lecturer", "Director of Clinical Trials", "Epidemiologist", "Biostatistician",
)

# (name, ICD-10 category); the code is extended for variants when a corpus needs more conditions.
CONDITIONS: tuple[tuple[str, str], ...] = (
    ("Spinal cord injury", "T09"), ("Type 2 diabetes", "E11"), ("Type 1 diabetes", "E10"),
    ("Hypertension", "I10"), ("Asthma", "J45"), ("Chronic obstructive pulmonary disease", "J44"),
    ("Alzheimer's disease", "G30"), ("Parkinson's disease", "G20"), ("Multiple sclerosis", "G35"),
    ("Epilepsy", "G40"), ("Migraine", "G43"), ("Ischaemic stroke", "I63"), ("Heart failure", "I50"),
    ("Atrial fibrillation", "I48"), ("Chronic kidney disease", "N18"),
    ("Rheumatoid arthritis", "M06"), ("Knee osteoarthritis", "M17"), ("Osteoporosis", "M81"),
    ("Psoriasis", "L40"), ("Atopic dermatitis", "L20"), ("Crohn's disease", "K50"),
    ("Ulcerative colitis", "K51"), ("Chronic hepatitis", "B18"), ("HIV disease", "B20"),
    ("Tuberculosis", "A15"), ("Malaria", "B54"), ("Influenza", "J11"), ("Pneumonia", "J18"),
    ("Major depressive disorder", "F32"), ("Anxiety disorder", "F41"), ("Schizophrenia", "F20"),
    ("Bipolar disorder", "F31"), ("Autism spectrum disorder", "F84"),
    ("Attention deficit hyperactivity disorder", "F90"), ("Breast cancer", "C50"),
    ("Lung cancer", "C34"), ("Colon cancer", "C18"), ("Prostate cancer", "C61"),
    ("Pancreatic cancer", "C25"), ("Melanoma", "C43"), ("Myeloid leukaemia", "C92"),
    ("Hodgkin lymphoma", "C81"), ("Brain tumour", "C71"), ("Ovarian cancer", "C56"),
    ("Cervical cancer", "C53"), ("Obesity", "E66"), ("Hypothyroidism", "E03"),
    ("Cystic fibrosis", "E84"), ("Sickle cell disorder", "D57"), ("Haemophilia", "D66"),
    ("Glaucoma", "H40"), ("Age-related cataract", "H25"), ("Hearing loss", "H91"),
    ("Sleep apnoea", "G47"), ("Endometriosis", "N80"), ("Amyotrophic lateral sclerosis", "G12"),
    ("Huntington's disease", "G10"), ("Systemic lupus erythematosus", "M32"), ("Gout", "M10"),
    ("Sepsis", "A41"), ("Lyme disease", "A69"), ("Iron deficiency anaemia", "D50"),
    ("Liver cirrhosis", "K74"), ("Kidney stones", "N20"), ("Myocardial infarction", "I21"),
    ("Coronary artery disease", "I25"), ("Peripheral artery disease", "I73"),
)
CONDITION_QUALIFIERS: tuple[str, ...] = (
    "early onset", "late onset", "severe", "moderate", "mild", "recurrent", "paediatric",
    "treatment-resistant", "refractory", "chronic",
)

# (phrase used in text, short key used in slugs)
INTERVENTIONS: tuple[tuple[str, str], ...] = (
    ("iPS cell-derived neural progenitor transplants", "ipsc"),
    ("a once-weekly GLP-1 injection", "glp1"), ("low-dose aspirin", "aspirin"),
    ("an mRNA vaccine", "mrna"), ("CAR-T cell therapy", "cart"),
    ("deep brain stimulation", "dbs"), ("a gene-silencing drug", "sirna"),
    ("a monoclonal antibody", "antibody"), ("intermittent fasting", "fasting"),
    ("high-intensity interval training", "hiit"), ("cognitive behavioural therapy", "cbt"),
    ("a smartphone coaching app", "app"), ("a new combination inhaler", "inhaler"),
    ("focused ultrasound", "ultrasound"), ("a one-time gene therapy", "gene-therapy"),
    ("vitamin D supplements", "vitamin-d"), ("a plant-based diet", "diet"),
    ("robot-assisted rehabilitation", "robotics"), ("a continuous glucose monitor", "cgm"),
    ("an oral antiviral", "antiviral"), ("a repurposed blood-pressure drug", "repurposed"),
    ("a low-cost eye drop", "eye-drop"), ("a stem cell patch", "patch"),
    ("transcranial magnetic stimulation", "tms"), ("a personalised cancer vaccine", "neoantigen"),
    ("a faecal microbiota transplant", "fmt"), ("an artificial pancreas system", "closed-loop"),
    ("a nurse-led home visit programme", "home-visits"), ("an implanted spinal stimulator", "stim"),
    ("a long-acting injectable", "injectable"), ("a bispecific antibody", "bispecific"),
    ("a digital hearing aid", "hearing-aid"), ("a brain-computer interface", "bci"),
)
POPULATIONS: tuple[str, ...] = (
    "adults", "older adults", "children", "adolescents", "pregnant women", "young adults",
    "patients", "outpatients", "hospitalised patients", "people",
)
TRIAL_DESIGNS: tuple[str, ...] = (
    "RandomizedTrial", "DoubleBlindedTrial", "PlaceboControlledTrial", "MultiCenterTrial",
    "OpenTrial", "SingleCenterTrial", "InternationalTrial",
)
DESIGN_WORDS: dict[str, str] = {
    "RandomizedTrial": "Randomised trial",
    "DoubleBlindedTrial": "Double-blind trial",
    "PlaceboControlledTrial": "Placebo-controlled trial",
    "MultiCenterTrial": "Multicentre trial",
    "OpenTrial": "Open-label trial",
    "SingleCenterTrial": "Single-centre trial",
    "InternationalTrial": "International trial",
}
STUDY_WORDS: tuple[str, ...] = (
    "Cohort study", "Observational study", "Pilot study", "Registry study", "Feasibility study",
)
STUDY_STATUSES: tuple[str, ...] = (
    "Recruiting", "Completed", "ResultsAvailable", "ActiveNotRecruiting", "NotYetRecruiting",
    "EnrollingByInvitation", "ResultsNotAvailable", "Terminated", "Suspended", "Withdrawn",
)
# weights for STUDY_STATUSES, in the same order
STUDY_STATUS_WEIGHTS: tuple[int, ...] = (20, 20, 25, 12, 6, 4, 5, 4, 2, 2)
PHASES: tuple[str, ...] = ("Phase 1", "Phase 1/2", "Phase 2", "Phase 2/3", "Phase 3", "Phase 4")

TIMEZONES: tuple[str, ...] = (
    "+00:00", "+01:00", "+02:00", "+03:00", "+05:30", "+08:00", "+09:00", "+10:00",
    "-03:00", "-04:00", "-05:00", "-06:00", "-07:00", "-08:00",
)

# Slot vocabularies for the sentence templates, by slot name (see ``corpus._Slots``).
CHOICES: dict[str, tuple[str, ...]] = {
    # people who take part in a study, and what they do
    "pnoun": (
        "patients", "participants", "volunteers", "outpatients", "older participants",
        "younger participants", "women in the study", "men in the study", "people in the trial",
    ),
    "pverb": (
        "reported fewer symptoms", "improved on several measures", "showed no serious harm",
        "were followed for a year", "were checked every three months", "needed closer monitoring",
        "varied widely in their response", "said they would take part again",
        "returned for every follow-up visit", "kept a daily symptom diary", "left the study early",
        "were treated as outpatients", "needed fewer hospital visits", "slept better",
        "went back to work sooner", "reported a better quality of life",
    ),
    # professionals, and what they say or do
    "snoun": (
        "clinicians", "doctors", "nurses", "specialists", "surgeons", "pharmacists",
        "statisticians", "patient advocates", "health economists", "regulators", "insurers",
        "family doctors", "hospital managers",
    ),
    "sverb": (
        "welcomed the findings", "remain cautious", "want to see longer follow-up",
        "have called for larger trials", "have raised questions about cost",
        "say the results fit earlier work", "are already asking about access",
        "will need training to use the method", "warned against overstating the results",
        "said the study was well designed",
    ),
    # things a study produces, and what happens to them
    "tnoun": (
        "results", "findings", "data", "scans", "measurements", "biomarker levels",
        "side effects", "outcomes", "blood tests", "symptom scores", "cost estimates",
    ),
    "tverb": (
        "will need larger trials to confirm", "remain difficult to compare",
        "matched earlier estimates", "were shared with regulators", "raised new questions",
        "differed between sites", "point in the same direction", "are still being analysed",
        "were presented at a conference", "were published in a peer-reviewed journal",
        "depend on long-term follow-up", "will be reviewed by an independent panel",
        "fell short of expectations", "held up in a second analysis",
    ),
    "radj": (
        "promising", "encouraging", "modest", "mixed", "striking", "preliminary", "surprising",
        "consistent", "limited", "important", "unexpected", "remarkable", "early", "solid",
    ),
    "measure": (
        "blood pressure", "symptom scores", "quality of life", "biomarker levels",
        "motor function", "blood sugar", "lung function", "pain scores", "memory test results",
        "walking speed", "sleep quality", "inflammation markers", "body weight",
    ),
    "excluded": (
        "children", "pregnant women", "people over 80", "people with other serious illnesses",
        "people from rural areas", "people taking several medicines",
    ),
    "when": (
        "later this year", "next year", "in the coming months", "after the final analysis",
        "once follow-up is complete",
    ),
    "small": ("two", "three", "four", "five"),
    "adv": ("also", "now", "already", "separately", "independently"),
    "wadv": ("warmly", "cautiously", "broadly", "quietly", "widely"),
    "dadj": ("randomised", "double-blind", "careful", "rigorous", "pragmatic", "blinded"),
    "cmp": ("small", "older", "healthier", "larger", "younger", "well matched"),
    "cmpadj": ("larger", "smaller", "clearer", "weaker", "stronger"),
    "freq": ("every month", "every three months", "twice a year", "every six weeks"),
    "lack": ("limited", "scarce", "expensive", "few", "largely supportive"),
    "prep": (
        "in the first year", "across several hospitals", "at the main study site",
        "after the second dose", "over the follow-up period", "in routine practice",
        "compared with standard care", "in smaller clinics", "under current guidelines",
        "in the control group", "in low-income countries", "outside large cities",
        "in earlier studies", "at six months", "in real-world settings",
    ),
    "population": (
        "adults", "older adults", "children", "adolescents", "pregnant women", "young adults",
        "patients", "outpatients", "hospitalised patients", "people",
    ),
}

QUOTES: tuple[str, ...] = (
    "This is an important first step, but it is only a first step",
    "We were surprised by how {radj} the effect was",
    "Patients have waited a long time for something like this",
    "The numbers are small, so we have to be careful",
    "What matters now is whether the benefit lasts",
    "We need to see these results repeated in a larger group",
    "It changes how we think about {cond}",
    "The safety data so far are reassuring",
    "Nobody should read this as a cure",
    "Access and cost will decide how much difference this makes",
    "We designed the study to answer a narrow question, and it did",
    "Our next job is to find out who benefits most",
)

HEADLINES: tuple[str, ...] = (
    "{Interv} shows promise against {cond} in {city} trial",
    "{Org} researchers report {radj} results for {cond} treatment",
    "What new {cond} data mean for patients",
    "Inside the race to treat {cond}",
    "{Interv} eases symptoms of {cond}, study finds",
    "Trial of {interv} for {cond} reaches {phase}",
    "{City} team tests {interv} in {population} with {cond}",
    "Doctors weigh {radj} evidence on {interv}",
    "Why {cond} research is moving faster than expected",
    "{Cond} patients regain function after {interv}",
    "Regulators review {interv} for {cond}",
    "{Org} study links {interv} to fewer {cond} complications",
    "Scientists urge caution over {interv} results",
    "A {radj} step forward for people with {cond}",
    "How {org} is rethinking {cond} care",
    "{Interv} fails to beat standard care for {cond}",
    "Patients in {city} trial describe life with {cond}",
)
ANALYSIS_PREFIXES: tuple[str, ...] = ("Analysis: ", "Explainer: ", "Q&A: ", "The big picture: ")
DESCRIPTIONS: tuple[str, ...] = (
    "Researchers at {org} say {interv} helped {pct} percent of {population} with {cond}.",
    "A {radj} study of {interv} in {population} with {cond} reports its first results.",
    "{Org} tested {interv} in {m} {population}; independent experts urge caution.",
    "Early data on {interv} for {cond} are {radj}, but questions remain about cost and access.",
    "What a {city} study of {interv} does and does not tell us about {cond}.",
)

SENTENCES: tuple[str, ...] = (
    "Researchers at {org} said {interv} helped {n_of_m} {population} with {cond}.",
    "The team enrolled {m} {population} in {city} and followed them for {months} months.",
    "About {pct} percent of participants {pverb}, according to the study.",
    "{Cond} affects millions of people worldwide, and treatment options remain {lack}.",
    "The {radj} {tnoun} {tverb} {prep}.",
    "Independent experts said the {tnoun} {tverb}.",
    "Most {pnoun} {pverb} {prep}, the authors wrote.",
    "The study was funded in part by {org}.",
    "{Person}, who was not involved in the work, called the results {radj}.",
    "Patients in the comparison group received standard care {prep}.",
    "The researchers plan to publish the full data {when}.",
    "No serious adverse events were reported {prep}.",
    "{Small} participants withdrew from the study for reasons unrelated to treatment.",
    "The findings have not yet been reviewed by regulators.",
    "Costs could limit access to {interv} in many countries.",
    "Similar approaches have produced {radj} results {prep}.",
    "{Snoun} {sverb}, the report said.",
    "The study did not include {excluded}, which limits how far the results apply.",
    "The approach is {adv} being tested at other centres in {city2}.",
    "According to {org}, the next phase will recruit about {big} participants.",
    "For {snoun}, the main question is whether the benefit lasts.",
    "Earlier work at {org2} had suggested a {radj} effect {prep}.",
    "The results were {wadv} welcomed by patient groups in {city}.",
    "Researchers measured {measure} at the start of the study and again at {months} months.",
    "The average participant was {age} years old.",
    "Some {pnoun} {pverb}, while others saw no change at all.",
    "The trial used a {dadj} design to reduce the risk of bias.",
    "Outside experts noted that the comparison group was {cmp}.",
    "In {year}, a smaller study at {org2} reported {radj} findings.",
    "The effect was {cmpadj} in {population} than in other groups.",
    "The authors cautioned that the {tnoun} {tverb}.",
    "Health officials in {city} said they would follow the work closely.",
    "{Interv} works by changing how the body responds to {cond}.",
    "Roughly {pct} percent of people with {cond} are diagnosed only after symptoms worsen.",
    "The next step, the team said, is a {phase} trial with more sites.",
    "The data suggest that {pnoun} {pverb} {prep}.",
    "{Measure} improved by an average of {pct} percent {prep}.",
    "Participants were assessed {freq} during the study.",
    "The work builds on {year} research at {org2}.",
    "{Snoun} in {city2} are already asking about access to {interv}.",
    "The study's lead author said the team had expected {radj} results.",
    "Funding for the next stage has not yet been confirmed.",
    "Patient advocates said the trial should have included more {excluded}.",
    "{Org} said it would share the anonymised data with other researchers.",
    "The cost of {interv} has not been disclosed.",
    "Researchers said the benefit appeared within {weeks} weeks for most participants.",
)
HEADINGS: tuple[str, ...] = (
    "What the researchers found", "How the treatment works", "Why it matters",
    "What comes next", "The burden of {cond}", "Questions that remain",
    "A closer look at the data", "Reaction in {city}", "Costs and access",
    "What patients should know", "Limits of the study", "Background",
    "How the study was done", "Safety", "The wider picture",
)
LIST_INTROS: tuple[str, ...] = (
    "Key points from the study:", "What we know so far:", "The main findings:",
    "What patients should ask their doctors:", "What the study did not show:",
)
LIST_ITEMS: tuple[str, ...] = (
    "{m} participants were enrolled at {sites} sites",
    "follow-up lasted {months} months",
    "no serious adverse events were reported",
    "the main outcome was measured at {months} months",
    "about {pct} percent of participants improved",
    "the comparison group received standard care",
    "results have not yet been reviewed by regulators",
    "the study was funded by {org}",
    "{population} made up most of the study group",
    "a larger {phase} trial is planned",
    "costs have not been published",
    "the effect was {cmpadj} in older participants",
    "{measure} was the main outcome",
)
LINK_SENTENCES: tuple[str, ...] = (
    "Details of the protocol are listed in [the study record]({study_url}).",
    "[{Org}]({org_url}) has published a summary of the work.",
    "For background, see [our earlier report]({prev_url}).",
    "The full registry entry is [available online]({study_url}).",
    "We covered a related trial in [a previous article]({prev_url}).",
)
