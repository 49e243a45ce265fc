/*
 * msg_zh.c - the Chinese messages of findings, as a legality reviewer
 * (合法性审核机构) writes them.  Placeholders: messages.h.  Dates come
 * formatted as 2023年2月1日, periods as 2023年2月1日至2月15日.
 */
#include "dp-private.h"
#include "messages.h"

#include <string.h>

const char *const dp__msg_zh[DP__M_COUNT] = {
    [DP__M_MISSING] = "未进行{step}",
    [DP__M_MISSING_ANY] = "未进行{step}（亦无{other}）",
    [DP__M_NOT_RECORDED] = "来源材料未记载{step}情况，无法核对",
    [DP__M_ORDER] = "{other}（{other_when}）晚于{step}（{when}），应先{other}后{step}",
    [DP__M_ORDER_EACH] = "{other}（{other_when}）尚未结束即开始{step}（{when}）",
    [DP__M_TOO_SHORT] = "{step} {when}，共{len}，少于{limit}{note}",
    [DP__M_TOO_LONG] = "{step} {when}，共{len}，超过{limit}{note}",
    [DP__M_GIVEN_SHORT] =
        "{step}自{start}开始，至{other}前一日（{end}）共{len}，给予的时间少于{limit}{note}",
    [DP__M_NOTICE_SHORT] = "{step}（{when}）的{field}为{date}，距{step}仅{len}，少于{limit}{note}",
    [DP__M_DECL_TIMES] = "{step}应进行{value}次，实际次数不符",
    [DP__M_DECL_ABSENCE] = "不得进行{step}，但于{when}进行",
    [DP__M_DECL_INIT] = "程序应以{other}开始，但首先进行的是{step}（{when}）",
    [DP__M_DECL_PRECEDENCE] = "{step}（{when}）之前未进行{other}",
    [DP__M_DECL_RESPONSE] = "{other}（{other_when}）之后未进行{step}",
    [DP__M_DECL_CHAIN] = "{other}（{other_when}）之后应紧接着进行{step}",
    [DP__M_DECL_RESPONDED] = "已进行{other}（{other_when}），但未进行{step}",
    [DP__M_DECL_NOT_COEXISTENCE] = "{step}（{when}）与{other}（{other_when}）不得同时存在",
    [DP__M_DECL_NOT_SUCCESSION] = "{other}（{other_when}）之后不得进行{step}（{when}）",
    [DP__M_DECL_UNDATED] = "{step}或{other}日期不详，无法确定先后",
    [DP__M_FIELD_OVERDUE] = "{step}（{when}）的{field}为{date}，晚于自{other}（{other_when}）起{limit}的期限{deadline}{note}",
    [DP__M_WAIT_SHORT] = "{step}日期{date}距{other}（{other_when}）仅{len}，少于{limit}",
    [DP__M_VALIDITY_NONE] = "未载明有效期",
    [DP__M_VALIDITY_LONG] = "有效期至{date}，超过自首次公布（{other_when}）起{value}年（{deadline}）",
    [DP__M_VALIDITY_LONG_PROV] = "暂行、试行文件有效期至{date}，超过自首次公布（{other_when}）起{value}年（{deadline}）",
    [DP__M_VALIDITY_EXPIRED] = "有效期已于{date}届满，自届满前{value}个月（{start}）至{deadline}未作清理（继续有效、修改或者废止）决定，亦未重新公布",
    [DP__M_RECORD_DATE_BAD] = "{field}“{why}”不是有效日期",
    [DP__M_PERIOD_DATES] = "{step}（{when}）未载明起止日期，无法核对期间",
    [DP__M_OVERDUE] = "自{other}之日（{other_when}）起{limit}内{step}，期限届满日为{deadline}；"
                      "实际{step}日期{date}，逾期{note}",
    [DP__M_OVERDUE_ROLLED] =
        "自{other}之日（{other_when}）起{limit}内{step}，期限届满日{deadline_raw}为休息日，"
        "顺延至{rolled_to}；实际{step}日期{date}，逾期{note}",
    [DP__M_OVERDUE_OPEN] = "自{other}之日（{other_when}）起{limit}内{step}，期限届满日为{deadline}；"
                           "截至{date}尚未{step}，逾期{note}",
    [DP__M_DEADLINE_DATES] = "{step}或{other}日期不详，无法核对期限",
    [DP__M_VETO] = "{other}结论为“{value}”（{other_when}），未经重新{other}即进行{step}（{when}）",
    [DP__M_VETO_UNKNOWN] = "{other}（{other_when}）的结果“{value}”无法识别，无法判断是否通过；"
                           "其后进行了{step}（{when}）",
    [DP__M_WITH_FALSE] = "{step}（{when}）缺少{field}",
    [DP__M_WITH_UNKNOWN] = "{step}（{when}）未记载{field}情况，无法核对",
    [DP__M_WITH_ABSENT] = "{step}（{when}）未载明{field}",
    [DP__M_WITH_BAD] = "{step}（{when}）的{field}“{value}”不符合要求",
    [DP__M_WITH_EXPECTED] = "{step}（{when}）应经{expected}，“{value}”不符合要求",
    [DP__M_DOCNUM_MISSING] = "已公开发布，但未载明发文字号",
    [DP__M_DOCNUM_FORM] = "发文字号“{value}”不规范：{why}",
    [DP__M_DOCNUM_YEAR] = "年份{value}与决定年份、首次公布年份均不一致",
    [DP__M_NOT_IN_FORCE] = "决定日期为{decided}，其时{law}尚未施行（{from}起施行），不按本程序审查",
    [DP__M_CAL_NOTE] = "（日历未覆盖{value}年，该年仅按周末计算休息日）",
    [DP__M_DATE_BAD] = "第{event}项事件的{field}“{why}”不是有效日期",
    [DP__M_DATE_SERIAL] = "第{event}项事件的{field}“{why}”像是电子表格的日期序号（即{date}），应填写年月日",
    [DP__M_DATE_REVERSED] = "第{event}项事件的结束日期{end}早于开始日期{start}",
    [DP__M_DATE_NONE] = "第{event}项事件没有日期（date、start、end 均未填写）",
    [DP__M_STEP_UNKNOWN] = "第{event}项事件的步骤“{why}”无法识别",
    [DP__M_LABEL_UNKNOWN] = "第{event}项事件的说明“{why}”无法对应到程序步骤",
    [DP__M_LABEL_LIMIT] = "第{event}项事件的说明匹配模式 /{why}/ 时超出限制",
    [DP__M_NO_STEP] = "第{event}项事件既无步骤（step）也无说明（label）",
    [DP__M_RESULT_UNKNOWN] = "第{event}项事件的结果“{why}”无法识别（可用：{accepted}）",
    [DP__M_ATTR_UNKNOWN] = "属性“{value}”不是本程序使用的属性，未予考虑",
    [DP__M_ATTR_UNKNOWN_NEAR] = "属性“{value}”不是本程序使用的属性，未予考虑；是否应为“{why}”？",
    [DP__M_ATTR_NOT_BOOL] = "属性“{value}”应为 true 或 false，按 false 处理",
    [DP__M_ATTR_NOT_STRING] = "属性“{value}”应为文字（可用：{accepted}），未予考虑",
    [DP__M_ATTR_VALUE] = "属性“{value}”的值“{why}”无法识别（可用：{accepted}），未予考虑",
    [DP__M_UNKNOWN_STEP] = "unknown 所列“{value}”不是本程序的步骤",
    [DP__M_UNKNOWN_PROC] = "未知程序“{value}”",
    [DP__M_NO_ID] = "记录缺少 id",
    [DP__M_NO_PROCEDURE] = "记录未载明程序（procedure），可用 -p/--procedure 指定",
    [DP__M_GATE_NOT_DONE] = "{other}尚未完成，不得进行{step}",
    [DP__M_GATE_RUNNING] = "{other}至{date}方结束，此前不得进行{step}",
    [DP__M_GATE_FAILED] = "{other}结论为“{value}”（{other_when}），须重新{other}通过后方可进行{step}",
    [DP__M_GATE_UNKNOWN] = "{other}（{other_when}）的结果“{value}”无法识别，确认通过前不得进行{step}",
    [DP__M_GATE_DUE_BY] = "{step}应不晚于{deadline}（自{other}之日{other_when}起{limit}内）{note}",
    [DP__M_GATE_DUE_MIN] = "{step}（{start}开始）不得早于{date}结束（不少于{limit}）{note}",
    [DP__M_GATE_DUE_MAX] = "{step}（{start}开始）应不晚于{date}结束（不超过{limit}）{note}",
    [DP__M_GATE_GIVEN] = "{step}不得早于{date}（{other}自{start}开始，应给予不少于{limit}）{note}",
};

const dp__stepmsg dp__stepmsg_zh[] = {
    {"public_comment", DP__M_MISSING, "未{step}"},
    {"legality_review", DP__M_MISSING, "未经{step}"},
    {"collective_decision", DP__M_MISSING, "未经{step}"},
    {"publication", DP__M_MISSING, "未{step}"},
    {"filing", DP__M_MISSING, "未报送{step}"},
    {"archiving", DP__M_MISSING, "决策过程记录和材料未{step}"},
    {"expert_review", DP__M_MISSING, "未组织{step}"},
    {"hearing", DP__M_MISSING, "未举行{step}"},
    {"publication", DP__M_OVERDUE, "自{other}之日（{other_when}）起{limit}内应当{step}，期限届满日为"
                                   "{deadline}；实际{step}日期{date}，逾期{note}"},
    {NULL, DP__M_COUNT, NULL},
};
