"""Issue 13: evidence attached to tasks, completions confirmed by the secretariat, extensions
approved by the lead (plans whose sidecar says `review: true`)."""
