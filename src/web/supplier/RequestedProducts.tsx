import { capitalise } from "../ui/plain-words";
import type { RequestedProduct } from "./supplier-view";

/** What is asked for: each product and how many. */
export function RequestedProducts({ products }: { products: readonly RequestedProduct[] }) {
  return (
    <section className="card" aria-labelledby="requested-title" data-testid="requested">
      <h2 id="requested-title">What they ask for</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.productId}>
              <td>{capitalise(product.name)}</td>
              <td className="num">{product.quantity.toLocaleString("en-US")}</td>
              <td>{product.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
