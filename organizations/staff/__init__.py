"""账号管理: administrators manage the staff accounts of their own subtree (audited)."""
