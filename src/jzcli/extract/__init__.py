"""Extract stage: find the article and its metadata in HTML or text."""
