"""Unit reports: a unit's report on a plan (acknowledge, assign, write, sign, submit, accept), the reporting dashboard, the consolidated report."""
