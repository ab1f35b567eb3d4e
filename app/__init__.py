"""党建台账 (Dangjian Ledger): the Party-building ledger of a school."""

__version__ = "0.1.0"
APP_NAME = "党建台账"
