"""The monthly statistical report as an Excel workbook (openpyxl, with native charts)."""
