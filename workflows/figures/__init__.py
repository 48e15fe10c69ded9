"""Figures: the indicator entry grid and its Excel round trip, and the consolidation of units' figures (one GROUP BY)."""
