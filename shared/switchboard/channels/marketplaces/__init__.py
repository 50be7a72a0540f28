"""Connectors to marketplaces' own seller APIs (tickets, seller chat): authorize, poll, send, act."""
