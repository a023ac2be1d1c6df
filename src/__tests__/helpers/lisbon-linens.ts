import { BUILT_IN_SUPPLIERS, type SupplierProfile } from "../../domain/suppliers";

/** A supplier no code names: it exists only as data (a supplier file, a request context, a table row). */
export const LISBON_LINENS: SupplierProfile = {
  ...BUILT_IN_SUPPLIERS[1]!,
  id: "lisbon-linens",
  name: "Lisbon Linens",
  country: "Portugal (Lisbon)",
  listPrices: { "organic-tshirt": 6.9, "recycled-hoodie": 18.4, "canvas-tote": 3.9, "merino-socks": 4.7 },
  floorRatio: 0.9,
};
