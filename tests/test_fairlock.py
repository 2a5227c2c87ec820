import threading
import time

from interview.fairlock import FairLock


def test_served_in_arrival_order_with_positions():
    lock = FairLock()
    a, b, c = lock.join(), lock.join(), lock.join()
    assert [lock.position(t) for t in (a, b, c)] == [0, 1, 2]
    assert not lock.try_acquire(b)          # not b's turn yet
    assert lock.try_acquire(a)
    assert not lock.try_acquire(b)          # a holds the lock
    lock.release(a)
    assert lock.position(c) == 1 and lock.try_acquire(b)
    lock.release(b)
    assert lock.try_acquire(c)
    lock.release(c)
    assert lock.waiting == 0


def test_a_visitor_who_leaves_the_line_does_not_block_others():
    lock = FairLock()
    a, b = lock.join(), lock.join()
    lock.release(a)  # gave up before their turn (closed the tab)
    assert lock.try_acquire(b)


def test_threads_never_overlap_and_all_finish():
    lock, active, peak, done = FairLock(), [0], [0], []

    def worker(i):
        t = lock.join()
        while not lock.try_acquire(t, timeout=0.05):
            pass
        try:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            time.sleep(0.01)
            active[0] -= 1
            done.append(i)
        finally:
            lock.release(t)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=10)
    assert sorted(done) == list(range(8)) and peak[0] == 1
