"""English texts of the demo project (parallel to demo_text_zh: same index, same thing)."""

from __future__ import annotations

from crmgov.services.demo.issues_en import ISSUES
from crmgov.services.demo.text import DemoText, PhaseText, QualityText, SOPText

TEXT = DemoText(
    project_name="CRM rollout 2025-2027",
    company="Huadong Precision Machinery Co., Ltd.",
    sponsor="Qian Zhiyuan (Vice President, Sales & Service)",
    people=(
        "Wang Jianguo", "Chen Hui", "Zhao Lei", "Sun Li", "Zhou Min",
        "Li Qiang", "Zhang Wei", "Liu Yang", "Yang Fan", "Huang Tao",
        "Wu Jing", "Xu Ming", "Ma Chao", "Hu Jun", "Guo Hua",
        "He Ping", "Lin Feng", "Luo Gang", "Zheng Yu", "Liang Xue",
        "Song Jia", "Xie Ting", "Tang Ning", "Han Mei", "Feng Bo",
        "Deng Yan", "Cao Hong", "Peng Li", "Zeng Xiaoyan", "Xiao Na",
        "Tian Yue", "Dong Lin", "Pan Qian", "Yuan Hao", "Cai Wen",
        "Jiang Tao", "Yu Lei", "Du Kai", "Ye Zi", "Cheng Peng",
        "Wei Dong", "Su Qing",
    ),
    departments={
        "sales": "Sales",
        "service": "Customer Service",
        "finance": "Finance",
        "it": "IT",
        "audit": "Audit",
        "pmo": "CRM Project Office",
        "partner": "Kaiyuan Consulting (partner)",
    },
    regions={"east": "East", "south": "South", "north": "North", "west": "Southwest"},
    phases=(
        PhaseText(
            name="Pilot: East region sales",
            goal="Prove accounts, contacts, leads and opportunities in daily use by the East "
            "sales team, with clean base data and written processes, before anyone else joins.",
            departments=("Sales",),
            regions=("East",),
            functions=("Accounts", "Contacts", "Leads", "Opportunities"),
        ),
        PhaseText(
            name="Expansion: customer service",
            goal="Bring customer service onto the CRM: service cases and complaints linked to "
            "accounts, handled within their time limits, with satisfaction follow-up.",
            departments=("Sales", "Customer Service"),
            regions=("East", "South", "North"),
            functions=("Service cases", "Complaints", "Satisfaction surveys"),
        ),
        PhaseText(
            name="Integration: ERP and finance",
            goal="Connect the CRM with ERP orders, invoices and credit control; finance owns the "
            "shared master data (payment and credit terms).",
            departments=("Sales", "Finance", "IT"),
            regions=("East", "South", "North", "Southwest"),
            functions=("Order sync", "Invoices", "Credit limits", "Payment terms"),
        ),
    ),
    gate_evidence=(
        "Certification register CERT-P1: every pilot user passed both the system and the "
        "process part",
        "Data-quality run of pilot tables: accounts 3.8%, contacts 4.1%, opportunity pointers "
        "0.6%",
        "SOP register: SOP-SAL-01 to SOP-SAL-03 approved (v1)",
        "Issue-log extract at phase end: no urgent issue open beyond 48 hours",
        "Pilot evaluation report v1.2, signed by the executive sponsor",
        "Service certification register CERT-P2: all service agents on the CRM certified",
        "SOP-SVC-01 v2 approved; acknowledgement list attached",
        "Draft measurement of service cases (2.8%) and contacts (4.1%); awaiting review",
    ),
    accounts=(
        "Suzhou Ruida Automation", "Wuxi Jinhua Bearings", "Hangzhou Xinyuan Hydraulics",
        "Ningbo Dongfang Molds", "Changzhou Tianli Motors", "Shanghai Hongtai Packaging",
        "Guangzhou Huaxing Equipment", "Foshan Yongsheng Metalworks",
        "Dongguan Jiahe Electronics", "Tianjin Beifang Heavy Industry",
        "Qingdao Haiyang Valves", "Hefei Hengke Instruments", "Nanjing Jinling Auto Parts",
        "Xiamen Haicheng Textiles", "Shenzhen Kangda Medical Devices",
        "Jiaxing Minghui Printing",
    ),
    sops=(
        SOPText("SOP-SAL-01", "Lead qualification and handover to sales", "Sales",
                ("First issue for the pilot",
                 "Leads older than 30 days are re-qualified or closed",
                 "Sales assistants record 'entered on behalf of' the rep"),
                "1. Check the lead against existing accounts.\n2. Qualify within 3 working "
                "days.\n3. Hand over to the region's rep with the first contact noted."),
        SOPText("SOP-SAL-02", "Opportunity stages and required fields", "Sales",
                ("First issue for the pilot",
                 "Stage 3 requires decision-maker contact and budget"),
                "Each stage lists its required fields; the system refuses to advance without "
                "them. The weekly forecast is taken from stages 3 to 5 only."),
        SOPText("SOP-SAL-03", "New account and contact (duplicate check first)", "Sales",
                ("First issue for the pilot",
                 "Search by tax number before creating an account"),
                "Search by tax number, then by name. Only create when nothing matches; fill "
                "industry, region and the contact's role."),
        SOPText("SOP-SAL-04", "Visit reports within 24 hours", "Sales",
                ("First issue",),
                "Record each customer visit in the CRM by 10:00 the next working day."),
        SOPText("SOP-SVC-01", "Service case intake and time limits", "Customer Service",
                ("First issue for customer service",
                 "Urgent cases confirmed to the customer within 2 hours"),
                "Log every call as a case linked to the account; classify urgent (48 h) or "
                "general (5 days); break work into dated tasks."),
        SOPText("SOP-SVC-02", "Complaint handling and preventive feedback", "Customer Service",
                ("First issue",
                 "Preventive measure reported back to the customer (draft)"),
                "Complaints are closed only with root cause and preventive measure; the "
                "customer is told what will stop it happening again."),
        SOPText("SOP-FIN-01", "Payment and credit terms: maintained by finance only", "Finance",
                ("Draft: finance takes over payment terms from sales",),
                "Only the finance master-data clerk creates or changes payment and credit "
                "terms; sales request them through the CRM."),
        SOPText("SOP-DAT-01", "Monthly data-quality check", "CRM Project Office",
                ("First issue", "Key fields and pointers measured separately (1% limit)"),
                "On the first working day of the month run the quality queries, log failures "
                "as issues and report the error rates to the sponsor."),
        SOPText("SOP-AUD-01", "Unannounced spot checks of CRM records", "Audit",
                ("First issue",),
                "Audit picks 20 records of a veteran at random and checks them against the "
                "written SOP; deviations are logged and trained."),
        SOPText("SOP-PMO-01", "Issue logging, analysis and closure", "CRM Project Office",
                ("First issue",
                 "Closure needs root cause and preventive action; recurring issues flagged"),
                "Every problem met in use is logged with the requester's demands, classified, "
                "broken into dated tasks and closed with root cause and preventive action."),
    ),
    task_texts=(
        "Analyse the affected records", "Fix the records and confirm with the requester",
        "Update the SOP and retrain the team", "Add a validation rule in the CRM",
        "Review the case with the consultant", "Re-run the data-quality query",
        "Report the preventive measure back to the requester", "Test the change in the sandbox",
        "Agree the workaround with the department head", "Document how the company handles it",
    ),
    task_done_notes=(
        "Done; requester confirmed.", "Done and checked in the weekly review.",
        "Done; evidence attached to the issue.", "Completed with the consultant.",
    ),
    task_dropped_note="Dropped: covered by another task.",
    no_preventive_reasons=(
        "One-off: caused by the data migration, which will not run again.",
        "Customer-side error; nothing in our process to change.",
        "Already prevented by the validation rule added for an earlier issue.",
    ),
    weak_no_preventive_reasons=(
        "Rows fixed; it happens only now and then.",
        "Fixed by hand; no time for analysis before month end.",
    ),
    spot_findings_clean="All checked records followed the SOP.",
    spot_findings=(
        "Opportunities advanced to stage 3 without a decision-maker contact.",
        "Visit reports entered three to five days late.",
        "Accounts created without the duplicate check; two duplicates found.",
        "Discounts approved by e-mail instead of in the CRM.",
    ),
    revoked_reason="Spot check found repeated stage skipping; recertification required.",
    quality={
        "accounts": QualityText("Accounts", "Duplicates merged after the pilot clean-up."),
        "contacts": QualityText("Contacts", "Contact role filled for only about 20% of contacts."),
        "contact_keys": QualityText(
            "Contacts: phone and position", "Key fields; phone missing on imported contacts."
        ),
        "opportunities": QualityText(
            "Opportunities", "Closed-lost reasons missing; stage dates inconsistent."
        ),
        "opportunity_keys": QualityText(
            "Opportunities: account and owner pointers", "Pointers checked after the merge."
        ),
        "leads": QualityText("Leads", "Trade-fair leads decay fast; 20% tolerated."),
        "payment_terms": QualityText(
            "Payment terms", "Sales create a term per customer name; identical in substance."
        ),
        "service_cases": QualityText("Service cases", "Measured since phase 2 started."),
    },
    issues=ISSUES,
)
