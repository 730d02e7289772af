"""Chinese texts of the demo project (parallel to demo_text_en: same index, same thing)."""

from __future__ import annotations

from crmgov.services.demo.issues_zh import ISSUES
from crmgov.services.demo.text import DemoText, PhaseText, QualityText

TEXT = DemoText(
    project_name="CRM上线项目 2025-2027",
    company="华东精密机械有限公司",
    sponsor="钱志远（分管销售与服务副总经理）",
    people=(
        "王建国", "陈慧", "赵磊", "孙丽", "周敏",
        "李强", "张伟", "刘洋", "杨帆", "黄涛",
        "吴静", "徐明", "马超", "胡军", "郭华",
        "何平", "林峰", "罗刚", "郑宇", "梁雪",
        "宋佳", "谢婷", "唐宁", "韩梅", "冯波",
        "邓艳", "曹红", "彭莉", "曾晓燕", "肖娜",
        "田悦", "董琳", "潘倩", "袁浩", "蔡雯",
        "蒋涛", "余蕾", "杜凯", "叶梓", "程鹏",
        "魏东", "苏晴",
    ),
    departments={
        "sales": "销售部",
        "service": "客服部",
        "finance": "财务部",
        "it": "信息部",
        "audit": "稽核部",
        "pmo": "CRM项目办公室",
        "partner": "开元咨询（实施伙伴）",
    },
    regions={"east": "华东", "south": "华南", "north": "华北", "west": "西南"},
    phases=(
        PhaseText(
            name="试点：华东区销售团队",
            goal="由华东区销售团队在日常工作中验证客户、联系人、线索和商机功能，"
            "做到基础数据干净、流程成文，然后再推广到其他部门。",
            departments=("销售部",),
            regions=("华东",),
            functions=("客户", "联系人", "线索", "商机"),
        ),
        PhaseText(
            name="推广：客服中心",
            goal="客服业务上线：服务工单和投诉关联到客户，在时限内处理，并做满意度回访。",
            departments=("销售部", "客服部"),
            regions=("华东", "华南", "华北"),
            functions=("服务工单", "投诉处理", "满意度回访"),
        ),
        PhaseText(
            name="集成：ERP与财务",
            goal="CRM与ERP的订单、发票和信用控制打通；共享主数据（付款条件、信用条件）由财务负责。",
            departments=("销售部", "财务部", "信息部"),
            regions=("华东", "华南", "华北", "西南"),
            functions=("订单同步", "发票", "信用额度", "付款条件"),
        ),
    ),
    gate_evidence=(
        "上岗证登记表 CERT-P1：试点用户全部通过系统操作和业务流程两部分考核",
        "试点数据表质量检查：客户3.8%，联系人4.1%，商机关联0.6%",
        "SOP登记表：SOP-SAL-01至SOP-SAL-03已审批（第1版）",
        "阶段末问题记录摘录：无超过48小时未处理的紧急问题",
        "试点评估报告 v1.2，已由高层发起人签字",
        "客服上岗证登记表 CERT-P2：上线客服人员全部持证",
        "SOP-SVC-01 第2版已审批，附阅读确认名单",
        "服务工单（2.8%）和联系人（4.1%）质量检查草稿，待评审",
    ),
    accounts=(
        "苏州瑞达自动化", "无锡金华轴承", "杭州鑫源液压",
        "宁波东方模具", "常州天力电机", "上海宏泰包装",
        "广州华兴设备", "佛山永盛五金",
        "东莞嘉禾电子", "天津北方重工",
        "青岛海洋阀门", "合肥恒科仪器", "南京金陵汽配",
        "厦门海诚纺织", "深圳康达医疗器械",
        "嘉兴明辉印刷",
    ),
    task_texts=(
        "分析受影响的记录", "修正记录并与提出人确认",
        "更新SOP并对团队复训", "在系统中增加校验规则",
        "与实施顾问一起复盘", "重新运行数据质量检查",
        "向提出人反馈预防措施", "在测试环境验证修改",
        "与部门负责人商定临时办法", "记录公司自行处理的方法",
    ),
    task_done_notes=(
        "已完成，提出人已确认。", "已完成，并在周例会上检查。",
        "已完成，证据附在问题记录中。", "已与实施顾问一起完成。",
    ),
    task_dropped_note="取消：已由其他任务覆盖。",
    no_preventive_reasons=(
        "一次性问题：由数据迁移引起，迁移不会再运行。",
        "客户方差错，我方流程无需调整。",
        "此前问题增加的校验规则已能防止。",
    ),
    weak_no_preventive_reasons=(
        "已修正数据；偶尔才发生。",
        "手工修正；月底前没有时间分析。",
    ),
    spot_findings_clean="抽查记录全部符合SOP。",
    spot_findings=(
        "商机推进到阶段3但没有决策人联系人。",
        "拜访记录延迟三到五天录入。",
        "新建客户未查重，发现两条重复。",
        "折扣通过邮件而非系统审批。",
    ),
    revoked_reason="抽查发现多次跳过商机阶段，须重新考核。",
    quality={
        "accounts": QualityText("客户", "试点清理后已合并重复客户。"),
        "contacts": QualityText("联系人", "只有约20%的联系人填写了角色。"),
        "contact_keys": QualityText("联系人：电话与职务", "关键字段；导入的联系人缺少电话。"),
        "opportunities": QualityText("商机", "缺少丢单原因；阶段日期不一致。"),
        "opportunity_keys": QualityText("商机：客户与负责人关联", "合并后检查关联。"),
        "leads": QualityText("线索", "展会线索衰减快；允许20%。"),
        "payment_terms": QualityText("付款条件", "销售按客户名称新建条件，内容完全相同。"),
        "service_cases": QualityText("服务工单", "第二阶段开始后统计。"),
    },
    issues=ISSUES,
)
