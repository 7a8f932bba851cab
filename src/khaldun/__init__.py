"""khaldun: conflict news in, a claim-level event ledger with provenance out."""
from .actors import Actor, ActorRegistry
from .api import Extractor, extract, records
from .errors import KhaldunError
from .types import (
    Article,
    Attribution,
    Claim,
    Event,
    Extraction,
    Paragraph,
    PlaceMention,
    Rejection,
    Role,
    Sentence,
    Span,
    Toll,
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
    "KhaldunError",
    "Paragraph",
    "PlaceMention",
    "Rejection",
    "Role",
    "Sentence",
    "Span",
    "Toll",
    "extract",
    "records",
]
__version__ = "0.1.0"
