"""Service reports: counters moved as events happen (counts.py), the report read from them (service.py)."""
