// Replaced by the explorer issue.
