import { get, getPage, post } from "./client";
import type { Schema } from "./types";

export type PatientListItem = Schema<"PatientListItem">;
export type Patient = Schema<"Patient">;
export type PatientCreated = Schema<"PatientCreated">;
export type PatientCreate = Schema<"PatientCreateRequest">;
export type Invite = Schema<"Invite">;
export type AdherenceReport = Schema<"AdherenceReport">;
export type Week = Schema<"Week">;
export type Outcomes = Schema<"Outcomes">;

/** A page of the clinic's patients, neediest first over the whole clinic (the server's
 * order), with how many there are in all. */
export const patientsPage = (offset: number, limit = 50) => getPage<PatientListItem>("patients", offset, limit);
export const getPatient = (id: number) => get<Patient>(`patients/${id}`);
export const createPatient = (body: PatientCreate) => post<PatientCreated>("patients", body);
/** A fresh invite link (the old one stops working). */
export const freshInvite = (id: number) => post<Invite>(`patients/${id}/invite`);
export const patientAdherence = (id: number, weeks = 12) => get<AdherenceReport>(`patients/${id}/adherence?weeks=${weeks}`);
export const patientOutcomes = (id: number) => get<Outcomes>(`patients/${id}/outcomes`);
