"""Training: spaCy components (rules, normalisers, decision classifier) and evaluation."""
