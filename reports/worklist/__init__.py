"""The 四清 work-list as a work tool: filters, export, assignment and visits, yearly targets."""
