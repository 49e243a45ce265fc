"""dueproc_dask (issue 17): a Dask DataFrame of events checked on a
LocalCluster of two worker processes gives the same findings as
check_frame in this process.

The log, over a million events, is made on the workers partition by
partition (numpy, vectorised, a seed a partition) and here the same way;
every case has the six steps of a normative document, some a step short,
some in the reverse order.  Skipped without dask.dataframe and
distributed (python3-dask, python3-distributed)."""

import sys

import pytest

import dueproc

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import distributed
except ImportError as e:  # pragma: no cover - depends on the machine
    pytest.skip("Dask is not installed (python3-dask, python3-distributed): "
                "%s" % e, allow_module_level=True)

import dueproc_dask

STEPS = np.array(["assessment", "public_comment", "legality_review",
                  "collective_decision", "publication", "filing"],
                 dtype=object)
PARTS = 8
# the days of the steps after the first, in time: comment 30 days, review
# 10, publication within 20 workdays of the decision, filing within 30
# days of publication
OFFSET = np.array([0, 40, 80, 100, 110, 120])
CASES = 24000  # a partition: 144 000 rows before steps are dropped
# the engine of the workers: its rule texts go with it (the log states no
# period of validity, which the defaults would warn of in every case)
RULES = "overlay normative_document\ndisable nd.validity-stated\n"


def make_part(k):
    """Partition k of the log: cases [k * CASES, (k + 1) * CASES), whole,
    indexed by their row in the whole log."""
    rng = np.random.default_rng(k)
    n, s = CASES, len(STEPS)
    case = np.repeat(np.arange(k * CASES, (k + 1) * CASES), s)
    base = np.datetime64("2019-01-01") + rng.integers(0, 1500, n)
    order = np.tile(np.arange(s), n)
    reverse = np.repeat(rng.random(n) < 0.1, s)
    order = np.where(reverse, s - 1 - order, order)
    dates = np.repeat(base, s) + OFFSET[order]
    keep = rng.random(n * s) >= 0.05
    step = np.tile(STEPS, n)
    # a period (start, end) for the comment and the review, as filed
    days = np.select([step == "public_comment", step == "legality_review"],
                     [30, 10], 0)
    period = days > 0
    day = np.datetime_as_string(dates).astype(object)
    end = np.datetime_as_string(dates + days).astype(object)
    df = pd.DataFrame({
        "case_id": np.char.add("c", case.astype("U7")).astype(object),
        "procedure": "normative_document",
        "step": step,
        "date": np.where(period, None, day),
        "start": np.where(period, day, None),
        "end": np.where(period, end, None),
        "result": np.where(step == "legality_review", "pass", None),
        "meeting": np.where(step == "collective_decision",
                            "市政府第3次常务会议", None),
        "title": "关于生活垃圾分类的管理办法",
        "authority": "平顶山市人民政府",
        "doc_number": np.char.add(np.char.add(
            "平政〔", np.datetime_as_string(np.repeat(base + OFFSET[4], s),
                                          unit="Y")), "〕3号").astype(object),
    }, index=pd.RangeIndex(k * n * s, (k + 1) * n * s))
    return df[keep]


@pytest.fixture(scope="module")
def cluster():
    # the workers unpickle make_part by value, not by this module's name
    import cloudpickle
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with distributed.LocalCluster(n_workers=2, processes=True,
                                  threads_per_worker=1,
                                  dashboard_address=None) as c, \
            distributed.Client(c) as client:
        yield client


def test_a_million_events_as_in_one_process(cluster):
    ddf = dd.from_map(make_part, range(PARTS))
    engine = dueproc.Engine(rules=[RULES])
    got = dueproc_dask.check_dataframe(ddf, engine, partitioned=True)
    assert list(got.dtypes.astype(str)) == \
        [t for _, t in dueproc_dask.META_COLUMNS]
    got = got.compute().reset_index(drop=True)
    log = pd.concat([make_part(k) for k in range(PARTS)])
    assert len(log) >= 1000000
    want = engine.check_frame(log)
    assert {"missing", "out_of_order"} <= set(want["code"])
    assert "nd.validity-stated" not in set(want["rule"])
    pd.testing.assert_frame_equal(got, want)


def tuples(frame):
    return sorted(map(tuple, frame.astype(str).values.tolist()))


def test_shuffled_by_case(cluster):
    """A log whose cases are spread over partitions is shuffled by case id
    first: the same findings (in another order)."""
    log = make_part(3).iloc[:30000]
    mixed = log.sample(frac=1, random_state=1)
    ddf = dd.from_pandas(mixed, npartitions=4, sort=False)
    got = dueproc_dask.check_dataframe(ddf).compute()
    want = dueproc.Engine().check_frame(log)
    assert tuples(got) == tuples(want)
    with pytest.raises(ValueError, match="case id column"):
        dueproc_dask.check_dataframe(ddf.rename(columns={"case_id": "x"}))


def test_bag_of_records(cluster, good_record, faulty_record):
    recs = [dict(good_record, id="g-%d" % i) for i in range(50)] + \
        [dict(faulty_record, id="f-%d" % i) for i in range(50)]
    got = dueproc_dask.check_bag(db.from_sequence(recs, npartitions=4),
                                 dueproc.Engine(lang="en")).compute()
    e = dueproc.Engine(lang="en")
    want = [(r["id"], f.rule, f.code, f.message) for r in recs
            for f in e.check(r)]
    assert sorted(zip(got.case_id, got.rule, got.code, got.message)) == \
        sorted(want)
    assert str(got["event"].dtype) == "Int64"


def test_one_engine_a_worker(cluster):
    """Each worker process builds the engine once, whatever the number of
    partitions (the findings are not compared here: repartition may cut a
    case in two)."""
    cluster.run(lambda: dueproc_dask._ENGINES.clear())
    ddf = dd.from_map(make_part, range(2)).repartition(npartitions=16)
    dueproc_dask.check_dataframe(ddf, partitioned=True).compute()
    counts = cluster.run(lambda: len(dueproc_dask._ENGINES))
    assert all(n <= 1 for n in counts.values()) and \
        sum(counts.values()) >= 1, counts
