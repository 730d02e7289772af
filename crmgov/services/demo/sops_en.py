"""The demo's SOPs in English (bodies of 5-12 numbered steps, several versions each)."""

from __future__ import annotations

from crmgov.services.demo.sops_text import DemoSOP
from crmgov.services.demo.sops_text import Step as S

SOPS: tuple[DemoSOP, ...] = (
    DemoSOP(
        "SOP-SAL-01", "Lead entry and qualification", "sales",
        "How a lead is entered, qualified and handed over to the responsible sales rep.",
        ("First issue for the pilot", "Leads older than 30 days are re-qualified or closed",
         "Sales assistants record 'entered on behalf of' the rep"),
        (S("Search the CRM for the company by tax number and name before entering the lead."),
         S("Enter the lead with source, company, contact name, phone and product interest."),
         S("Sales assistants entering for a travelling rep fill 'entered on behalf of' with "
           "the rep's name.", since=3),
         S("Qualify within 3 working days: budget, decision-maker, need and time frame."),
         S("Mark the lead qualified, or disqualified with a reason from the list."),
         S("Convert a qualified lead into account, contact and opportunity in one step; the "
           "region's rep becomes the owner.", was="Hand a qualified lead over to the region's "
           "rep by e-mail.", reworded_in=2),
         S("Leads untouched for 30 days are re-qualified or closed by the owner.", since=2),
         S("The sales manager reviews the open-lead list every Monday.")),
    ),
    DemoSOP(
        "SOP-SAL-02", "Opportunity stages and required fields", "sales",
        "Which fields each opportunity stage requires, and how the forecast is taken.",
        ("First issue for the pilot", "Stage 3 requires decision-maker contact and budget"),
        (S("Create the opportunity from the qualified lead or from the account, never as a "
           "copy of another opportunity."),
         S("Stage 1 (identified): account, contact, product line and source are filled."),
         S("Stage 2 (needs confirmed): the customer's needs are written in the description."),
         S("Stage 3 (solution): decision-maker contact and confirmed budget are filled.",
           was="Stage 3 (solution): a solution document is attached.", reworded_in=2),
         S("Stage 4 (quote): the quote is created in the CRM and approved (SOP-SAL-05)."),
         S("Stage 5 (negotiation): expected close date and amount are updated weekly."),
         S("Won or lost: the reason is chosen from the list; lost deals name the competitor."),
         S("The weekly forecast is taken from stages 3 to 5 only.")),
    ),
    DemoSOP(
        "SOP-SAL-03", "Customer master data: duplicate search first", "master data",
        "Creating an account or contact without creating a duplicate.",
        ("First issue for the pilot", "Search by tax number before creating an account"),
        (S("Search by the unified social credit (tax) number.", since=2),
         S("Search by the company name and its common short names.",
           was="Search by the company name.", reworded_in=2),
         S("If a match exists, add to it: never create a second account for the same "
           "company."),
         S("Create the account only when nothing matches; fill industry, region, tax number "
           "and address."),
         S("Create contacts under the account with their role (decision-maker, user, "
           "purchaser); the role is mandatory."),
         S("Report suspected duplicates to the master-data owner instead of merging them "
           "yourself.")),
    ),
    DemoSOP(
        "SOP-SAL-04", "Visit reports within 24 hours", "sales",
        "Recording customer visits so yesterday's work is visible by 10:00 today.",
        ("First issue",),
        (S("Record each customer visit as an activity linked to the account and contact."),
         S("Write the purpose, the result and the agreed next step."),
         S("Link the visit to the open opportunity it concerns."),
         S("Record the visit by 10:00 on the next working day."),
         S("Sales managers check the timeliness figure in the daily sales meeting.")),
    ),
    DemoSOP(
        "SOP-SVC-01", "Complaint intake: urgent within 48 hours, general within 5 days",
        "service",
        "How a customer complaint is taken in, classified and broken into dated tasks.",
        ("First issue for customer service",
         "Urgent cases confirmed to the customer within 2 hours"),
        (S("Log every complaint as a case linked to the account, whatever channel it came "
           "through."),
         S("Write a clear description and the customer's concrete demands; both are "
           "mandatory."),
         S("Classify: urgent (stops the customer's business) or general."),
         S("Confirm an urgent case to the customer within 2 hours.", since=2),
         S("Resolve urgent cases within 48 hours and general cases within 5 working days."),
         S("Break the work into tasks, each with an owner and a due date."),
         S("Notify the account's sales rep and the service manager when the case is "
           "opened."),
         S("Escalate a case at risk (last 20% of its window) to the service manager.")),
    ),
    DemoSOP(
        "SOP-SVC-02", "Service-case closure with root cause and preventive measure",
        "service",
        "Closing a service case so the same problem does not come back.",
        ("First issue", "Preventive measure reported back to the customer"),
        (S("Close only when every task of the case is done or dropped with a note."),
         S("Write the root cause: why it happened, not what was done."),
         S("Write the corrective action that fixed this occurrence."),
         S("Write the preventive measure that stops it recurring, or why none is needed."),
         S("Report the preventive measure back to the customer and tick 'fed back'.",
           since=2),
         S("Get the customer's confirmation of the fix and note it on the case.",
           was="Note on the case that the customer was informed.", reworded_in=2),
         S("A recurring case is closed only with a preventive measure.")),
    ),
    DemoSOP(
        "SOP-FIN-01", "Payment-term master data owned by finance", "master data",
        "Payment and credit terms are shared master data: only finance creates or changes "
        "them.",
        ("Draft: finance takes over payment terms from sales",),
        (S("Sales request a new payment or credit term through the CRM request form."),
         S("The finance master-data clerk checks whether an equal term already exists."),
         S("An existing term is reused; a term is never created per customer name."),
         S("Only the finance clerk creates or changes a term, with the approver's name."),
         S("Sales choose terms from the list on the account; they cannot type a new one."),
         S("Finance reviews the list of terms each quarter and retires unused ones.")),
    ),
    DemoSOP(
        "SOP-DAT-01", "Monthly data-quality check", "master data",
        "Measuring base data against its error-rate targets every month.",
        ("First issue", "Key fields and pointers measured separately (1% limit)"),
        (S("On the first working day of the month, run the data-quality queries."),
         S("Measure each table's error rate against its limit: 5% for most tables."),
         S("Measure key fields and pointers (foreign keys) separately against 1%.", since=2),
         S("Sales leads may reach 20%: their information decays fast."),
         S("Log every table over its limit as an issue with an owner."),
         S("Report the error rates and their trend to the sponsor."),
         S("Open no new CRM function while base data is over its limit.")),
    ),
    DemoSOP(
        "SOP-AUD-01", "Unannounced spot checks of CRM records", "audit",
        "Audit checks veterans' records against the written process, using the CRM's own "
        "records as evidence.",
        ("First issue",),
        (S("Audit picks a veteran at random each week; the person is not told in advance."),
         S("Draw 20 of the person's records of the last 30 days at random."),
         S("Check each record against the SOP steps it must follow."),
         S("Log each deviation with the SOP step it breaks (e.g. SOP-SAL-03 §3)."),
         S("Discuss the result with the person and their manager within a week."),
         S("Three or more deviations: retraining, and the certificate is reviewed.")),
    ),
    DemoSOP(
        "SOP-PMO-01", "Issue logging, analysis and closure", "project office",
        "Every problem met in use is written down and solved one by one, without delay.",
        ("First issue",
         "Closure needs root cause and preventive action; recurring issues flagged"),
        (S("Log every problem met in use, however small, with the requester's demands."),
         S("Classify by urgency (urgent 48 hours, general 5 days) and by category."),
         S("Break the issue into tasks with an owner and a due date."),
         S("Notify the requester and the people concerned."),
         S("Close with the fix, the root cause and a preventive action.",
           was="Close with the fix.", reworded_in=2),
         S("Check recurring issues for a preventive action before closing.", since=2),
         S("Report the issue status and the preventive measures to the sponsor monthly.")),
    ),
)
