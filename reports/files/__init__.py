"""Generated files: requesting, building, listing and downloading reports and rosters."""
