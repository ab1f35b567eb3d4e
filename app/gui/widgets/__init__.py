"""Small reusable widgets (optional date edit, dashboard card)."""
