"""Exit codes of the ``cleaner`` command, documented once here and in the README.

==========  =====  ==================================================================
name        value  meaning
==========  =====  ==================================================================
EX_OK         0    success; for ``check``/``diff``: nothing would change
EX_CHANGES    1    ``check``/``diff``: some file would change; ``fix``: files were changed
EX_USAGE      2    bad usage or unreadable input (missing path, invalid UTF-8, bad config)
EX_SOFTWARE  70    an internal error (a bug): please report it with the input
==========  =====  ==================================================================
"""

EX_OK = 0
EX_CHANGES = 1
EX_USAGE = 2
EX_SOFTWARE = 70
