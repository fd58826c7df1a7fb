"""Progress reporting for builders (a leaf: builders in any app import it)."""


def counted(rows, progress, total):
    """Yield `rows`, calling `progress(done, total)` after each one (None: no reporting). The callback
    decides how often to write (portal.jobs.services.Progress writes every few hundred rows)."""
    if progress is None:
        yield from rows
        return
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        progress(done, total)
