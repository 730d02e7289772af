"""English texts of the demo project (parallel to demo_text_zh: same index, same thing)."""

from __future__ import annotations

from crmgov.services.demo.issues_en import ISSUES
from crmgov.services.demo.text import DemoText, PhaseText, QualityText

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
