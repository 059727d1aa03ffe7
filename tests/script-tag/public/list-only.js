// A portal that shows the details only once someone picks an integration: it adds
// <integration-details> then, and the script tag loads its code.
document.addEventListener('integration-select', (event) => {
  event.preventDefault();
  let details = document.querySelector('integration-details');
  if (!details) {
    details = document.createElement('integration-details');
    document.querySelector('main').append(details);
  }
  details.integration = event.detail.integration;
});
