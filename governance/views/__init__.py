"""HTML pages of the governance app, one module per subject: parse, call, render."""
