"""Inputs and outputs: the readers, fetching under a policy, and the exports."""
