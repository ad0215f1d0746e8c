"""Thriving: locality working for councils, their partners and community groups."""
