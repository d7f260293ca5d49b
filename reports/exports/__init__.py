"""Exports of lists (the member roster) as Excel files, written in streaming mode."""
