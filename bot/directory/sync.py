"""The config's directory (companies, contacts, technicians) mirrored into the
database, so tickets can reference rows and later edits of the file apply."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.config import Config
from storage.models import Company, Contact, Technician


def sync_directory(session: Session, config: Config) -> None:
    """Upsert what the file says; rows the file no longer lists stay (tickets point at them)."""
    companies = {c.name.casefold(): c for c in session.scalars(select(Company))}
    for entry in config.companies:
        company = companies.get(entry.name.casefold())
        if company is None:
            company = Company(name=entry.name)
            session.add(company)
            companies[entry.name.casefold()] = company
        company.name = entry.name
        company.contract = entry.contract
        company.support = entry.support
        company.vip = entry.vip
        company.from_config = True
        session.flush()
        for person in entry.contacts:
            contact = session.scalars(select(Contact).where(Contact.phone == person.phone)).first()
            if contact is None:
                contact = Contact(phone=person.phone, company_id=company.id, name=person.name)
                session.add(contact)
            contact.company_id = company.id
            contact.name = person.name
            contact.email = person.email
            contact.from_config = True
    technicians = {t.phone: t for t in session.scalars(select(Technician))}
    listed = set()
    for entry in config.technicians:
        technician = technicians.get(entry.phone)
        if technician is None:
            technician = Technician(phone=entry.phone, name=entry.name)
            session.add(technician)
        technician.name = entry.name
        technician.skills = list(entry.skills)
        technician.role = entry.role
        technician.active = True
        listed.add(entry.phone)
    for phone, technician in technicians.items():
        if phone not in listed:
            technician.active = False
    session.flush()
