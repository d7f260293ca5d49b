"""操作日志: the audit entries of an administrator's subtree, filtered, paged and exported."""
