"""Switchboard: the domain package shipped as the shared Lambda layer."""
