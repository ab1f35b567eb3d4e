"""Qt item models over service dataclasses (checked with pytest-qt's qtmodeltester)."""
