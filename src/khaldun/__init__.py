"""khaldun: conflict news in, a claim-level event ledger with provenance out."""
from .resources.actors import Actor, ActorRegistry
from .api import Extractor, extract, records
from .errors import KhaldunError
from .ledger import Ledger
from .model import (
    Article,
    Attribution,
    Claim,
    Event,
    Extraction,
    Incident,
    IncidentClaim,
    Paragraph,
    PlaceMention,
    Rejection,
    Role,
    Sentence,
    Span,
    Toll,
    TollPoint,
)

__all__ = [
    "Actor",
    "ActorRegistry",
    "Article",
    "Attribution",
    "Claim",
    "Event",
    "Extraction",
    "Extractor",
    "Incident",
    "IncidentClaim",
    "Ledger",
    "KhaldunError",
    "Paragraph",
    "PlaceMention",
    "Rejection",
    "Role",
    "Sentence",
    "Span",
    "Toll",
    "TollPoint",
    "extract",
    "records",
]
__version__ = "0.1.0"
