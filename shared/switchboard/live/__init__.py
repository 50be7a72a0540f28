"""Live updates: WebSockets that push every change of the table to the people who may see it."""
