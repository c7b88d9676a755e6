"""Integrations with other tools (optional dependencies, imported only when used).

- :mod:`cleaner.integrations.dask`: map the cleaner over Dask bags and dataframes, or run
  ``cleaner clean --dask ADDRESS`` on an existing Dask scheduler (``pip install 'cleaner[dask]'``).
"""
