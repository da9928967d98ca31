"""Attrition from follow-up data: shares with honest intervals, Kaplan-Meier retention,
response rates. Pure functions over arrays and DataFrames; no database."""
