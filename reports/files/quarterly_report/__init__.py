"""The quarterly report (季度通报) as an Excel workbook, from the month-end snapshots."""
