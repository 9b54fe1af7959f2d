"""The controlled vocabularies of the DataCite Metadata Schema (kernel-4).

Each enum is one XSD simple type of ``include/datacite-<type>-v4.xsd``; a member's value
is the exact XML token. The enums hold every value of the newest kernel (4.7); a kernel
version accepts the subset its writer class names in ``vocabulary`` (see `xml46`, `xml47`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class TitleType(StrEnum):
    """XSD simple type ``titleType``."""

    ALTERNATIVE_TITLE = "AlternativeTitle"
    SUBTITLE = "Subtitle"
    TRANSLATED_TITLE = "TranslatedTitle"
    OTHER = "Other"


class ContributorType(StrEnum):
    """XSD simple type ``contributorType``."""

    CONTACT_PERSON = "ContactPerson"
    DATA_COLLECTOR = "DataCollector"
    DATA_CURATOR = "DataCurator"
    DATA_MANAGER = "DataManager"
    DISTRIBUTOR = "Distributor"
    EDITOR = "Editor"
    HOSTING_INSTITUTION = "HostingInstitution"
    OTHER = "Other"
    PRODUCER = "Producer"
    PROJECT_LEADER = "ProjectLeader"
    PROJECT_MANAGER = "ProjectManager"
    PROJECT_MEMBER = "ProjectMember"
    REGISTRATION_AGENCY = "RegistrationAgency"
    REGISTRATION_AUTHORITY = "RegistrationAuthority"
    RELATED_PERSON = "RelatedPerson"
    RESEARCH_GROUP = "ResearchGroup"
    RIGHTS_HOLDER = "RightsHolder"
    RESEARCHER = "Researcher"
    SPONSOR = "Sponsor"
    SUPERVISOR = "Supervisor"
    TRANSLATOR = "Translator"
    WORK_PACKAGE_LEADER = "WorkPackageLeader"


class DateType(StrEnum):
    """XSD simple type ``dateType``."""

    ACCEPTED = "Accepted"
    AVAILABLE = "Available"
    COLLECTED = "Collected"
    COPYRIGHTED = "Copyrighted"
    COVERAGE = "Coverage"
    CREATED = "Created"
    ISSUED = "Issued"
    OTHER = "Other"
    SUBMITTED = "Submitted"
    UPDATED = "Updated"
    VALID = "Valid"
    WITHDRAWN = "Withdrawn"


class ResourceTypeGeneral(StrEnum):
    """XSD simple type ``resourceType``."""

    AUDIOVISUAL = "Audiovisual"
    AWARD = "Award"
    BOOK = "Book"
    BOOK_CHAPTER = "BookChapter"
    COLLECTION = "Collection"
    COMPUTATIONAL_NOTEBOOK = "ComputationalNotebook"
    CONFERENCE_PAPER = "ConferencePaper"
    CONFERENCE_PROCEEDING = "ConferenceProceeding"
    DATA_PAPER = "DataPaper"
    DATASET = "Dataset"
    DISSERTATION = "Dissertation"
    EVENT = "Event"
    IMAGE = "Image"
    INSTRUMENT = "Instrument"
    INTERACTIVE_RESOURCE = "InteractiveResource"
    JOURNAL = "Journal"
    JOURNAL_ARTICLE = "JournalArticle"
    MODEL = "Model"
    OUTPUT_MANAGEMENT_PLAN = "OutputManagementPlan"
    PEER_REVIEW = "PeerReview"
    PHYSICAL_OBJECT = "PhysicalObject"
    POSTER = "Poster"
    PREPRINT = "Preprint"
    PRESENTATION = "Presentation"
    PROJECT = "Project"
    REPORT = "Report"
    SERVICE = "Service"
    SOFTWARE = "Software"
    SOUND = "Sound"
    STANDARD = "Standard"
    STUDY_REGISTRATION = "StudyRegistration"
    TEXT = "Text"
    WORKFLOW = "Workflow"
    OTHER = "Other"


class RelationType(StrEnum):
    """XSD simple type ``relationType``."""

    IS_CITED_BY = "IsCitedBy"
    CITES = "Cites"
    IS_SUPPLEMENT_TO = "IsSupplementTo"
    IS_SUPPLEMENTED_BY = "IsSupplementedBy"
    IS_CONTINUED_BY = "IsContinuedBy"
    CONTINUES = "Continues"
    IS_NEW_VERSION_OF = "IsNewVersionOf"
    IS_PREVIOUS_VERSION_OF = "IsPreviousVersionOf"
    IS_PART_OF = "IsPartOf"
    HAS_PART = "HasPart"
    IS_PUBLISHED_IN = "IsPublishedIn"
    IS_REFERENCED_BY = "IsReferencedBy"
    REFERENCES = "References"
    IS_DOCUMENTED_BY = "IsDocumentedBy"
    DOCUMENTS = "Documents"
    IS_COMPILED_BY = "IsCompiledBy"
    COMPILES = "Compiles"
    IS_VARIANT_FORM_OF = "IsVariantFormOf"
    IS_ORIGINAL_FORM_OF = "IsOriginalFormOf"
    IS_IDENTICAL_TO = "IsIdenticalTo"
    HAS_METADATA = "HasMetadata"
    IS_METADATA_FOR = "IsMetadataFor"
    REVIEWS = "Reviews"
    IS_REVIEWED_BY = "IsReviewedBy"
    IS_DERIVED_FROM = "IsDerivedFrom"
    IS_SOURCE_OF = "IsSourceOf"
    DESCRIBES = "Describes"
    IS_DESCRIBED_BY = "IsDescribedBy"
    HAS_VERSION = "HasVersion"
    IS_VERSION_OF = "IsVersionOf"
    REQUIRES = "Requires"
    IS_REQUIRED_BY = "IsRequiredBy"
    OBSOLETES = "Obsoletes"
    IS_OBSOLETED_BY = "IsObsoletedBy"
    COLLECTS = "Collects"
    IS_COLLECTED_BY = "IsCollectedBy"
    HAS_TRANSLATION = "HasTranslation"
    IS_TRANSLATION_OF = "IsTranslationOf"
    OTHER = "Other"


class RelatedIdentifierType(StrEnum):
    """XSD simple type ``relatedIdentifierType``."""

    ARK = "ARK"
    ARXIV = "arXiv"
    BIBCODE = "bibcode"
    CSTR = "CSTR"
    DOI = "DOI"
    EAN13 = "EAN13"
    EISSN = "EISSN"
    HANDLE = "Handle"
    IGSN = "IGSN"
    ISBN = "ISBN"
    ISSN = "ISSN"
    ISTC = "ISTC"
    LISSN = "LISSN"
    LSID = "LSID"
    PMID = "PMID"
    PURL = "PURL"
    RAID = "RAiD"
    RRID = "RRID"
    SWHID = "SWHID"
    UPC = "UPC"
    URL = "URL"
    URN = "URN"
    W3ID = "w3id"


class FunderIdentifierType(StrEnum):
    """XSD simple type ``funderIdentifierType``."""

    ISNI = "ISNI"
    GRID = "GRID"
    ROR = "ROR"
    CROSSREF_FUNDER_ID = "Crossref Funder ID"
    OTHER = "Other"


class DescriptionType(StrEnum):
    """XSD simple type ``descriptionType``."""

    ABSTRACT = "Abstract"
    METHODS = "Methods"
    SERIES_INFORMATION = "SeriesInformation"
    TABLE_OF_CONTENTS = "TableOfContents"
    TECHNICAL_INFO = "TechnicalInfo"
    OTHER = "Other"


class NameType(StrEnum):
    """XSD simple type ``nameType``."""

    ORGANIZATIONAL = "Organizational"
    PERSONAL = "Personal"


class NumberType(StrEnum):
    """XSD simple type ``numberType``."""

    ARTICLE = "Article"
    CHAPTER = "Chapter"
    REPORT = "Report"
    OTHER = "Other"


Vocabulary = Mapping[type[StrEnum], frozenset[StrEnum]]
"""The values a kernel version allows, per enum."""

XSD_TYPE: dict[type[StrEnum], str] = {
    TitleType: "titleType",
    ContributorType: "contributorType",
    DateType: "dateType",
    ResourceTypeGeneral: "resourceType",
    RelationType: "relationType",
    RelatedIdentifierType: "relatedIdentifierType",
    FunderIdentifierType: "funderIdentifierType",
    DescriptionType: "descriptionType",
    NameType: "nameType",
    NumberType: "numberType",
}
"""The XSD simple type name of each enum (its file is ``include/datacite-<name>-v4.xsd``)."""
