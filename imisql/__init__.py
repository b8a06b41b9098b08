"""imisql: SQL for the iMIS REST API."""
