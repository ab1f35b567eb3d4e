"""Services: plain functions taking simple values and a unit of work, returning dataclasses. No Qt."""
