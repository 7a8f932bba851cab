"""The pipeline's stages, one module each: segment, select, attribute, places and geocode, code (events, coding, casualties, dates)."""
