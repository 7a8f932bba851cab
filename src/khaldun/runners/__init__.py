"""Where extraction runs: local worker processes and Dask."""
