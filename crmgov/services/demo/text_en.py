"""English texts of the demo project (parallel to demo_text_zh: same index, same thing)."""

from __future__ import annotations

from crmgov.domain.enums import PlanKind
from crmgov.services.demo.issues_en import ISSUES
from crmgov.services.demo.text import DemoText, PhaseText, PlanText, QualityText

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
    plan=(
        PlanText(1, PlanKind.IMPROVEMENT, "Finance owns payment and credit terms",
                 "Move master-data maintenance from sales to the finance clerk; merge duplicates.",
                 "Good. Measure duplicates monthly so the gain is visible."),
        PlanText(1, PlanKind.OPEN_PROBLEM, "Close the contact-role gap",
                 "Contact role is filled for only about 20% of contacts.",
                 "Make the role mandatory on new contacts and backfill key accounts first."),
        PlanText(1, PlanKind.IMPROVEMENT, "Monthly sales ledger from the CRM",
                 "Replace the Excel sales ledger with CRM list exports.",
                 "This uses the CRM only as a ledger. Add funnel and win/loss analysis, "
                 "otherwise the data has no users.", "used only as a ledger"),
        PlanText(1, PlanKind.IMPROVEMENT, "Clean up signed-customer records",
                 "Complete addresses, tax numbers and contacts of all signed customers.",
                 "Prospects are ignored: no item develops new leads or tracks conversion.",
                 "prospects ignored"),
        PlanText(1, PlanKind.NEW_SCOPE, "ERP order and invoice interface",
                 "Phase 3: order sync and invoice status visible to sales."),
        PlanText(1, PlanKind.IMPROVEMENT, "Certification for every new hire in week one",
                 "HR books the certification quiz before system access is granted.",
                 "Agreed. Include the process part, not only the screens."),
        PlanText(2, PlanKind.ANALYSIS, "Opportunity stage conversion dashboard",
                 "Conversion per stage, per region and per rep, reviewed monthly.",
                 "Right direction; define who acts on the figures."),
        PlanText(2, PlanKind.PROSPECTING, "Lead development in the Southwest region",
                 "Trade-fair leads qualified in the CRM and assigned within 3 days."),
        PlanText(2, PlanKind.NEW_SCOPE, "Field service on mobile",
                 "Engineers close service cases on site with photos."),
        PlanText(2, PlanKind.IMPROVEMENT, "Revise SOPs yearly with the front line",
                 "Each SOP owner reviews the process with users once a year.",
                 "Keep the revision log; retrain after each change."),
        PlanText(2, PlanKind.OPEN_PROBLEM, "Sales assistants entering on behalf of reps",
                 "Records entered by assistants do not show who met the customer."),
        PlanText(3, PlanKind.ANALYSIS, "Customer profitability analysis",
                 "Combine CRM opportunities with ERP margins per customer."),
        PlanText(3, PlanKind.PROSPECTING, "Key-account growth programme",
                 "Target list of prospects per industry with quarterly reviews.",
                 "Good; link it to the lead-development item of year 2."),
        PlanText(3, PlanKind.NEW_SCOPE, "Dealer portal",
                 "Dealers register leads and see their service cases."),
        PlanText(3, PlanKind.IMPROVEMENT, "Performance measures tied to CRM use",
                 "Timeliness, key-field completeness and conversion in quarterly reviews.",
                 "Measure trends and listen to the front line; do not push too hard."),
    ),
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
