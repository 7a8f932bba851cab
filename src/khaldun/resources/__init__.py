"""What the stages consult: the spaCy model, the actor registry and the gazetteer (passed in, never loaded at import)."""
