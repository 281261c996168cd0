"""One file per schema change. Revisions are written op by op and never edited after release."""
