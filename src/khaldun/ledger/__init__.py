"""The ledger: the store and its migrations, merging claims into incidents, reports; ``Ledger`` is its facade."""
from .facade import Ledger

__all__ = ["Ledger"]
