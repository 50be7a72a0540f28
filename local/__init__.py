"""The embedded local stack behind `make dev`: the SAM application on one machine, in one process."""
