#!/usr/bin/env python3
"""gen.py - synthetic filed records for the dueproc benchmarks.

    python3 bench/gen.py [--seed S] [--format jsonl|csv] N OUT

Writes N records, deterministically from the seed: both procedures
(about 60 % normative documents, 40 % major decisions), about 60 %
compliant and 40 % with one fault drawn from the kinds the rules catch
(missing step, wrong order, short comment period, long or short review,
late filing, failed review, wrong meeting, bad date, bad doc number), about
one event in eight given as a free-text label instead of a step (so label
patterns run too).  A JSON Lines record is about 700 bytes, the size of a
real one with a Chinese title, authority and doc number.

The CSV form is the records.md §5 event log of the same records, one event
a row, rows of a case contiguous, attributes as attr.NAME columns.
"""
import argparse
import datetime
import json
import random
import sys

AUTHORITIES = [
    "平顶山市人民政府", "平顶山市人民政府办公室", "郑州市人民政府",
    "洛阳市人民政府", "开封市人民政府办公室", "新乡市人民政府",
    "南阳市人民政府", "许昌市人民政府办公室", "周口市人民政府",
    "信阳市人民政府", "河南省人民政府", "河南省人民政府办公厅",
]
ABBR = ["平政", "平政办", "郑政", "洛政", "汴政办", "新政", "宛政",
        "许政办", "周政", "信政", "豫政", "豫政办"]
SUBJECTS = [
    "城市管理", "生活垃圾分类", "物业服务", "住房公积金", "城乡规划",
    "农村集体资产", "公共资源交易", "中小企业发展", "养老服务",
    "学前教育", "医疗保障", "文物保护", "交通运输", "水资源保护",
    "市场监管", "安全生产", "营商环境", "数据资源", "应急管理",
]
KINDS = ["管理办法", "实施细则", "暂行规定", "实施意见", "管理规定",
         "若干措施", "工作方案"]
MD_KINDS = ["建设项目", "价格调整", "规划调整", "改革方案", "补贴政策",
            "区域开发", "征收补偿方案"]
MEETINGS = ["市政府常务会议", "市政府第{n}次常务会议", "市政府全体会议",
            "省政府第{n}次常务会议"]
CHANNELS = ["政府公报", "政府网站", "政府公报、政府网站", "报纸"]
REVIEWERS = ["市司法局", "省司法厅", "区司法局", "市政府办公室法制科"]

LABELS = {
    "assessment": ["起草单位开展调研和评估论证", "组织开展立项评估论证"],
    "public_comment": ["在市政府网站公开征求社会公众意见",
                       "通过报纸和网站向社会公开征求意见"],
    "expert_review": ["组织相关领域专家论证", "召开专家咨询会"],
    "risk_assessment": ["开展社会稳定风险评估"],
    "fair_competition_review": ["起草单位开展公平竞争审查"],
    "legality_review": ["市司法局出具合法性审核意见书",
                        "司法行政部门进行合法性审查"],
    "collective_decision": ["市政府第{n}次常务会议审议通过",
                            "市政府常务会议集体讨论决定"],
    "publication": ["在市人民政府网站公开发布", "在政府公报刊登"],
    "filing": ["报市人大常委会备案", "报省政府备案"],
    "archiving": ["决策材料立卷归档"],
}

FAULTS_ND = ["missing_comment", "missing_review", "missing_filing",
             "order", "short_comment", "long_review", "late_filing",
             "failed_review", "bad_date", "bad_docnum", "no_meeting"]
FAULTS_MD = ["missing_comment", "missing_review", "order", "short_comment",
             "short_review", "failed_review", "uncontrollable", "bad_date",
             "wrong_meeting", "missing_archiving", "unsigned_experts"]


def fmt(d):
    return d.isoformat()


def workdays_later(d, n):
    """n working days after d (weekends only: close enough for data)."""
    while n > 0:
        d += datetime.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def make_record(rng, i):
    nd = rng.random() < 0.6
    year = rng.randint(2015, 2025)
    start = datetime.date(year, 1, 1) + datetime.timedelta(
        days=rng.randint(0, 280))
    a = rng.randrange(len(AUTHORITIES))
    subject = rng.choice(SUBJECTS)
    attrs = {}
    for name, p in (("technical", 0.25), ("affects_market", 0.3),
                    ("stability_risk", 0.2 if nd else 0.4),
                    ("confidential", 0.03)):
        if rng.random() < p:
            attrs[name] = True
    if not nd and rng.random() < 0.1:
        attrs["hearing_required"] = True
    faulty = rng.random() < 0.4
    fault = rng.choice(FAULTS_ND if nd else FAULTS_MD) if faulty else None
    num = rng.randint(1, 99)
    rec = {
        "id": "%s-%d-%07d" % ("nd" if nd else "md", year, i),
        "procedure": "normative_document" if nd else "major_decision",
        "title": "%s%s%s" % (AUTHORITIES[a][:-4] if AUTHORITIES[a].endswith(
            "人民政府") else AUTHORITIES[a][:3], subject,
            rng.choice(KINDS) if nd else rng.choice(MD_KINDS)),
        "authority": AUTHORITIES[a],
    }
    if nd:
        rec["doc_number"] = "%s〔%d〕%d号" % (ABBR[a], year, num)
        if fault == "bad_docnum":
            rec["doc_number"] = "%s%d年第%d号" % (ABBR[a], year, num)
    if attrs:
        rec["attributes"] = attrs

    ev = []
    d = start

    def add(step, **kw):
        e = {"step": step}
        e.update(kw)
        ev.append(e)

    if nd:
        add("assessment", date=fmt(d))
        d += datetime.timedelta(days=rng.randint(2, 6))
    if attrs.get("affects_market"):
        add("fair_competition_review", date=fmt(d))
        d += datetime.timedelta(days=rng.randint(1, 4))
    if attrs.get("technical"):
        kw = {"date": fmt(d), "signed": fault != "unsigned_experts"}
        add("expert_review", **kw)
        d += datetime.timedelta(days=rng.randint(1, 4))
    if attrs.get("stability_risk"):
        kw = {"date": fmt(d), "result": "uncontrollable"
              if fault == "uncontrollable" else "controllable"}
        add("risk_assessment", **kw)
        d += datetime.timedelta(days=rng.randint(1, 4))
    if attrs.get("hearing_required"):
        add("hearing", date=fmt(d), by=AUTHORITIES[a])
        d += datetime.timedelta(days=rng.randint(2, 5))
    if fault != "missing_comment":
        days = 30 if (not nd or attrs.get("affects_market")) else 14
        if fault == "short_comment":
            days = rng.randint(4, 6)
        cs = d
        ce = cs + datetime.timedelta(days=days + rng.randint(0, 5))
        add("public_comment", start=fmt(cs), end=fmt(ce),
            feedback_published=rng.random() < 0.7)
        d = ce + datetime.timedelta(days=rng.randint(2, 5))
    review = None
    if fault != "missing_review":
        wd = rng.randint(8, 14)
        if fault == "long_review":
            wd = rng.randint(20, 30)
        if fault == "short_review":
            wd = rng.randint(2, 4)
        rs = d
        re_ = workdays_later(rs, wd - 1)
        review = {"step": "legality_review", "start": fmt(rs), "end": fmt(re_),
                  "result": "fail" if fault == "failed_review" else "pass",
                  "by": rng.choice(REVIEWERS)}
        d = re_ + datetime.timedelta(days=rng.randint(3, 10))
    meeting = rng.choice(MEETINGS).format(n=rng.randint(1, 40))
    if fault == "wrong_meeting":
        meeting = "区长办公会议"
    dec = {"step": "collective_decision", "date": fmt(d)}
    if fault != "no_meeting":
        dec["meeting"] = meeting
    if review is not None:
        if fault == "order":
            # decided before the review began
            dec["date"] = fmt(datetime.date.fromisoformat(review["start"])
                              - datetime.timedelta(days=rng.randint(1, 5)))
            ev.append(dec)
            ev.append(review)
        else:
            ev.append(review)
            ev.append(dec)
    else:
        ev.append(dec)
    d += datetime.timedelta(days=rng.randint(3, 9))
    add("publication", date=fmt(d), channel=rng.choice(CHANNELS))
    if nd:
        if fault != "missing_filing":
            late = fault == "late_filing"
            d += datetime.timedelta(days=rng.randint(35, 60) if late
                                    else rng.randint(5, 25))
            add("filing", date=fmt(d))
    else:
        if fault != "missing_archiving":
            d += datetime.timedelta(days=rng.randint(5, 30))
            add("archiving", date=fmt(d))
    if fault == "bad_date":
        e = rng.choice(ev)
        for k in ("date", "start"):
            if k in e:
                e[k] = e[k][:5] + "02-30"
                break
    # a free-text label instead of the step name, about one event in eight
    for e in ev:
        if rng.random() < 0.125 and e["step"] in LABELS:
            e["label"] = rng.choice(LABELS[e["step"]]).format(
                n=rng.randint(1, 40))
            del e["step"]
    rec["events"] = ev
    return rec


CSV_COLS = ["case_id", "procedure", "step", "date", "start", "end",
            "result", "by", "meeting", "channel", "signed",
            "feedback_published", "label", "title", "authority",
            "doc_number", "attr.technical", "attr.affects_market",
            "attr.stability_risk", "attr.confidential",
            "attr.hearing_required"]


def csv_field(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    s = str(v)
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_rows(rec):
    out = []
    attrs = rec.get("attributes", {})
    for k, e in enumerate(rec["events"]):
        row = {"case_id": rec["id"], "procedure": rec["procedure"]}
        row.update({c: e.get(c) for c in ("step", "date", "start", "end",
                                          "result", "by", "meeting",
                                          "channel", "signed",
                                          "feedback_published", "label")})
        if k == 0:
            row["title"] = rec.get("title")
            row["authority"] = rec.get("authority")
            row["doc_number"] = rec.get("doc_number")
            for name, v in attrs.items():
                row["attr." + name] = v
        out.append(",".join(csv_field(row.get(c)) for c in CSV_COLS))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8", newline="\n") as fp:
        if a.format == "csv":
            fp.write(",".join(CSV_COLS) + "\n")
        buf = []
        for i in range(a.n):
            rec = make_record(rng, i)
            if a.format == "jsonl":
                buf.append(json.dumps(rec, ensure_ascii=False,
                                      separators=(",", ":")))
            else:
                buf.extend(csv_rows(rec))
            if len(buf) >= 4096:
                fp.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            fp.write("\n".join(buf) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
