"""The annual report (统计年报) as an Excel workbook: the annual statistical survey of the unions (基层工会调查表 / 基层以上工会调查表), from the snapshots and the survey facts."""
